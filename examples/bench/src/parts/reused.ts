import type { Part } from '../support/part.js'
import { embed, numberIn, rowCells, runPackageBench } from '../support/spawn-bench.js'
import { fmt } from '../support/stats.js'

const reusedNote = (command: string, dir: string) =>
  `The package's own benchmark (\`${command}\`, \`packages/${dir}/bench/\`), run by \`pnpm bench\` in a child process; its RESULTS.md follows.`

export const collectorPart: Part = {
  id: 'collector',
  title: 'Collector',
  async run({ tiny, log }) {
    const md = await runPackageBench('collector', 'collector.ts', tiny, log)
    const memory = numberIn(rowCells(md, 'collector, memory sink')?.[2])
    const memorySameRead = numberIn(rowCells(md, 'collector, memory sink')?.[3])
    const kinesis = numberIn(rowCells(md, 'collector, Kinesis sink')?.[2])
    const worst = numberIn(rowCells(md, 'worst refused request')?.[3])
    const plan = numberIn(rowCells(md, 'with the plan, every event valid')?.[2])
    const flagging = numberIn(rowCells(md, 'with the plan, every track call flagged')?.[2])
    return {
      markdown: `${reusedNote('pnpm bench:collector', 'collector')}\n\n${embed(md)}`,
      goals: [
        {
          goal: 'collector with full validation and enrichment, memory sink: ≥ 60 % of the bare Hono ceiling (events/s, 20-event batches)',
          figure: `${fmt(memory)} % (Kinesis sink on kinesalite: ${fmt(kinesis)} %; against a bare endpoint that reads the body as the collector does: ${fmt(memorySameRead)} %)`,
          met: Number.isNaN(memory) ? undefined : memory >= 60,
        },
        {
          goal: 'collector with a 100-event tracking plan, memory sink: ≥ 80 % of its events/s without a plan (issue 19, same run)',
          figure: `${fmt(plan)} % (every track call flagged: ${fmt(flagging)} %)`,
          met: Number.isNaN(plan) ? undefined : plan >= 80,
        },
        {
          goal: 'the worst refused request of the hostile-input campaign (issue 14) costs ≤ 1× a full legitimate 2,500-message batch, so `/health` waits no longer under attack than under full load',
          figure: `${fmt(worst, 2)}×`,
          met: Number.isNaN(worst) ? undefined : worst <= 1,
        },
      ],
    }
  },
}

export const sdkNodePart: Part = {
  id: 'sdk-node',
  title: 'Node SDK',
  async run({ tiny, log }) {
    const md = await runPackageBench('sdk-node', 'deliver.ts', tiny, log)
    const cpu = numberIn(rowCells(md, 'CPU time')?.[3])
    const rss = numberIn(rowCells(md, 'peak RSS (MB')?.[3])
    const delivered = rowCells(md, 'burst: delivered')?.[1]
    const deliveredPercent = numberIn(delivered?.split('(')[1])
    const burstRss = numberIn(rowCells(md, 'burst: peak RSS (MB')?.[3])
    return {
      markdown: `${reusedNote('pnpm bench:sdk-node', 'sdk-node')}\n\n${embed(md)}`,
      goals: [
        {
          goal: "Node SDK: ≤ 0.5× `@segment/analytics-node`'s CPU time to deliver 100,000 events",
          figure: `${fmt(cpu, 2)}×`,
          met: Number.isNaN(cpu) ? undefined : cpu <= 0.5,
        },
        {
          goal: "Node SDK: ≤ 0.5× `@segment/analytics-node`'s peak memory (RSS)",
          figure: `${fmt(rss, 2)}×`,
          met: Number.isNaN(rss) ? undefined : rss <= 0.5,
        },
        {
          goal: 'Node SDK, default options: a 100,000-call burst yielding every 1,000 calls delivers 100 % (issue 14)',
          figure: delivered ?? 'not measured',
          met: Number.isNaN(deliveredPercent) ? undefined : deliveredPercent === 100,
        },
        {
          goal: "Node SDK, default options, that burst: peak RSS ≤ 0.5× `@segment/analytics-node`'s (issue 14)",
          figure: `${fmt(burstRss, 2)}×`,
          met: Number.isNaN(burstRss) ? undefined : burstRss <= 0.5,
        },
      ],
    }
  },
}

export const sessionizerPart: Part = {
  id: 'sessionizer',
  title: 'Sessionizer',
  async run({ tiny, log }) {
    const md = await runPackageBench('sessionizer-lambda', 'sessionizer.ts', tiny, log)
    const memory = rowCells(md, 'memory')
    const perCore = numberIn(memory?.[4])
    const fewer = numberIn(rowCells(md, 'sessionizer')?.[4])
    return {
      markdown: `${reusedNote('pnpm bench:sessionizer', 'sessionizer-lambda')}\n\n${embed(md)}`,
      goals: [
        {
          goal: 'sessionizer: ≥ 5× fewer DynamoDB write units per event than one write per event (batches of 100 records)',
          figure: `${fmt(fewer, 2)}× fewer`,
          met: Number.isNaN(fewer) ? undefined : fewer >= 5,
        },
        {
          goal: 'sessionizer: ≥ 20,000 events/s per core with the memory store (batches of 100 records, median)',
          figure: `${fmt(perCore)} events/s`,
          met: Number.isNaN(perCore) ? undefined : perCore >= 20_000,
        },
      ],
    }
  },
}
