import { type CfnElement, Stack, Validations } from 'aws-cdk-lib'
import type { IConstruct } from 'constructs'

/** A cdk-nag rule this stack does not follow at one construct, and why. */
export interface NagException {
  /**
   * The rule id as cdk-nag reports it: `AwsSolutions-L1`, or with its finding for rules that
   * report several (`AwsSolutions-IAM5[Resource::*]`): each finding is acknowledged on its own.
   */
  id: string
  /** Why the rule does not apply here: a reader must be able to check it. */
  reason: string
}

/**
 * The one home of the stack's cdk-nag exceptions: every acknowledgment goes through here with its
 * reason. An acknowledgment on a construct covers the resources under it (an L2 and its L1s).
 */
export function allowNag(construct: IConstruct, exceptions: readonly NagException[]): void {
  for (const { id, reason } of exceptions) Validations.of(construct).acknowledge({ id, reason })
}

/**
 * The logical id of an L2's resource, as cdk-nag names it inside a finding
 * (`AwsSolutions-IAM5[Resource::<LogicalId.Arn>/*]`).
 */
export function logicalIdOf(construct: IConstruct): string {
  const resource = construct.node.defaultChild as CfnElement
  return Stack.of(construct).resolve(resource.logicalId) as string
}
