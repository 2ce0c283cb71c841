import type { Part } from '../support/part.js'

export const browserPart: Part = {
  id: 'browser',
  title: 'browser',
  async run() {
    return { markdown: 'todo', goals: [] }
  },
}
