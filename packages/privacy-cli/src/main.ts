import { privacyCli } from './run-cli.js'

const io = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) }
process.exitCode = await privacyCli(process.argv.slice(2), process.env, io)
