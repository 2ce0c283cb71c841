import type { Part } from '../support/part.js'

export const e2ePart: Part = {
  id: 'e2e',
  title: 'e2e',
  async run() {
    return { markdown: 'todo', goals: [] }
  },
}
