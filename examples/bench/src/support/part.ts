/** One line of the goals table: a target from the issues, the figure measured, met or not. */
export interface Goal {
  goal: string
  figure: string
  /** `undefined` when the part could not measure it. */
  met: boolean | undefined
}

export interface PartOptions {
  /** One run at a tiny size (CI smoke): figures are meaningless, the scripts keep working. */
  tiny: boolean
  log: (message: string) => void
}

/** What a part adds to BENCHMARKS.md: its section (markdown, no top heading) and its goals. */
export interface PartResult {
  markdown: string
  goals: Goal[]
}

export interface Part {
  id: string
  title: string
  run(options: PartOptions): Promise<PartResult>
}
