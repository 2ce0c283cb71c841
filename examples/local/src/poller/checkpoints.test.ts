import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import { CheckpointFileError } from '../errors.js'
import { testCheckpointStore } from './checkpoints.contract.js'
import { createFileCheckpoints, createMemoryCheckpoints } from './checkpoints.js'

const dir = mkdtempSync(join(tmpdir(), 'checkpoints-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const freshFile = () => join(dir, `run-${++files}`, 'events.json')

testCheckpointStore('memory', { create: () => createMemoryCheckpoints() })

testCheckpointStore('file', {
  create: () => createFileCheckpoints(freshFile()),
  reopen: () => createFileCheckpoints(join(dir, `run-${files}`, 'events.json')),
})

describe('createMemoryCheckpoints', () => {
  it('copies its initial checkpoints', () => {
    const initial = { 'shardId-0': '1' }
    const store = createMemoryCheckpoints(initial)
    initial['shardId-0'] = '2'
    expect(store.load()).toEqual({ 'shardId-0': '1' })
  })
})

describe('createFileCheckpoints', () => {
  it('creates the directory on the first save and leaves no temp file behind', () => {
    const file = freshFile()
    const store = createFileCheckpoints(file)
    for (let i = 0; i < 20; i++) store.save(`shardId-${i % 3}`, String(i))
    expect(readdirSync(join(file, '..'))).toEqual(['events.json'])
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      'shardId-0': '18',
      'shardId-1': '19',
      'shardId-2': '17',
    })
  })

  it.each([
    ['torn JSON', '{"shardId-000000000000": "4959'],
    ['an empty file', ''],
    ['not an object', '["shardId-000000000000"]'],
    ['a number for a sequence number', '{"shardId-000000000000": 42}'],
  ])('refuses a file holding %s, naming it, and leaves it as it is', (_, text) => {
    const file = freshFile()
    mkdirSync(join(file, '..'), { recursive: true })
    writeFileSync(file, text)
    let error: unknown
    try {
      createFileCheckpoints(file)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(CheckpointFileError)
    expect((error as CheckpointFileError).file).toBe(file)
    expect((error as Error).message).toContain(file)
    expect(readFileSync(file, 'utf8')).toBe(text)
  })

  it('refuses a path it cannot read', () => {
    const file = freshFile()
    mkdirSync(file, { recursive: true })
    expect(() => createFileCheckpoints(file)).toThrow(CheckpointFileError)
  })

  it('keeps the previous checkpoint, on disk and loaded, when a save cannot be written', () => {
    const file = freshFile()
    const store = createFileCheckpoints(file)
    store.save('shardId-0', '1')
    mkdirSync(`${file}.${process.pid}.tmp`) // the temp file cannot be created
    expect(() => store.save('shardId-0', '2')).toThrow()
    expect(store.load()).toEqual({ 'shardId-0': '1' })
    expect(createFileCheckpoints(file).load()).toEqual({ 'shardId-0': '1' })
  })

  it('never lets a reader see a torn file while it saves', async () => {
    const file = freshFile()
    const store = createFileCheckpoints(file)
    const shards = Array.from({ length: 200 }, (_, i) => `shardId-${String(i).padStart(12, '0')}`)
    for (const shard of shards) store.save(shard, '0')
    // Another thread reads the file as fast as it can until told to stop.
    const reader = new Worker(
      `const { readFileSync } = require('node:fs')
       const { parentPort, workerData } = require('node:worker_threads')
       let reads = 0, torn = 0, stop = false
       parentPort.on('message', () => { stop = true })
       const loop = () => {
         for (let i = 0; i < 50; i++) {
           reads++
           try { JSON.parse(readFileSync(workerData, 'utf8')) } catch { torn++ }
         }
         if (stop) parentPort.postMessage({ reads, torn })
         else setImmediate(loop)
       }
       parentPort.postMessage('ready')
       loop()`,
      { eval: true, workerData: file },
    )
    const messages: unknown[] = []
    const next = () => new Promise((resolve) => reader.once('message', resolve))
    messages.push(await next())
    for (let i = 1; i <= 100; i++) store.save(shards[i % shards.length] as string, String(i))
    reader.postMessage('stop')
    const result = (await next()) as { reads: number; torn: number }
    await reader.terminate()
    expect(messages).toEqual(['ready'])
    expect(result.reads).toBeGreaterThan(0)
    expect(result.torn).toBe(0)
  })
})
