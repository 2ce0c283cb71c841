import { App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag'
import { ClickstreamStack, configFromContext } from '../src/index.js'

const app = new App()
const stackName = (app.node.tryGetContext('stackName') as string | undefined) ?? 'Clickstream'
new ClickstreamStack(app, stackName, {
  config: configFromContext((key) => app.node.tryGetContext(key)),
  description: 'clickstream: Segment-compatible collector, Kinesis, sessionizer, DynamoDB, archive',
})
// cdk-nag at every synth: an unacknowledged finding fails `cdk synth` and `cdk deploy`.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app))
app.synth()
