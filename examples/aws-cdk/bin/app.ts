import { App } from 'aws-cdk-lib'
import { ClickstreamStack, configFromContext } from '../src/index.js'

const app = new App()
const stackName = (app.node.tryGetContext('stackName') as string | undefined) ?? 'Clickstream'
new ClickstreamStack(app, stackName, {
  config: configFromContext((key) => app.node.tryGetContext(key)),
  description: 'clickstream: Segment-compatible collector, Kinesis, sessionizer, DynamoDB, archive',
})
app.synth()
