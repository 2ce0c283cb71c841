import { Stack } from 'aws-cdk-lib'
import { CfnNamedQuery } from 'aws-cdk-lib/aws-athena'
import { CfnTable } from 'aws-cdk-lib/aws-glue'
import type { IBucket } from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'
import type { LakeAthena } from './athena.js'
import type { LakeCatalog } from './catalog.js'

/** The Glue table of the archived rejected records (the archive's `rejected/` prefix). */
export const REJECTED_GLUE_TABLE = 'rejected'

/** The named query that lists why events were rejected in the last 7 days, most frequent first. */
export const REJECTED_QUERY = {
  name: 'rejected_top_reasons',
  description:
    'Why events were rejected in the last 7 days: issue code and field, most frequent first',
  sql: `SELECT source_id, issue.code, issue.path, count(*) AS events, max(received_at) AS last_seen
FROM ${REJECTED_GLUE_TABLE}
CROSS JOIN UNNEST(issues) AS t (issue)
WHERE from_iso8601_timestamp(received_at) > current_timestamp - INTERVAL '7' DAY
  AND date_parse(concat(year, '-', month, '-', day), '%Y-%m-%d') >= current_date - INTERVAL '8' DAY
GROUP BY source_id, issue.code, issue.path
ORDER BY events DESC
LIMIT 100`,
} as const

const projected = (name: string, range: string, digits?: number) => ({
  [`projection.${name}.type`]: 'integer',
  [`projection.${name}.range`]: range,
  ...(digits ? { [`projection.${name}.digits`]: String(digits) } : {}),
})

/**
 * The rejected records as a table of the lake's database, over the archive's gzip JSON lines
 * (the schema's `RejectedRecord`, field names mapped to snake case), partitioned as Firehose
 * writes them (year/month/day/hour, projected: no crawler), with a named query of the top reasons.
 */
export function createRejectedTable(
  scope: Construct,
  catalog: LakeCatalog,
  athena: LakeAthena,
  archive: IBucket,
): CfnTable {
  const stack = Stack.of(scope)
  const location = `s3://${archive.bucketName}/rejected/`
  const table = new CfnTable(scope, 'RejectedTable', {
    catalogId: stack.account,
    databaseName: catalog.database.ref,
    tableInput: {
      name: REJECTED_GLUE_TABLE,
      description: 'Every rejected event with its issues (the rejected stream, archived)',
      tableType: 'EXTERNAL_TABLE',
      parameters: {
        EXTERNAL: 'TRUE',
        classification: 'json',
        compressionType: 'gzip',
        'projection.enabled': 'true',
        ...projected('year', '2024,2100'),
        ...projected('month', '1,12', 2),
        ...projected('day', '1,31', 2),
        ...projected('hour', '0,23', 2),
        'storage.location.template': `${location}year=\${year}/month=\${month}/day=\${day}/hour=\${hour}/`,
      },
      partitionKeys: ['year', 'month', 'day', 'hour'].map((name) => ({ name, type: 'string' })),
      storageDescriptor: {
        columns: [
          { name: 'v', type: 'int', comment: 'record version' },
          { name: 'source_id', type: 'string' },
          {
            name: 'received_at',
            type: 'string',
            comment: 'ISO-8601, when the collector received it',
          },
          { name: 'message_index', type: 'int', comment: 'position in its request' },
          { name: 'message_id', type: 'string' },
          { name: 'issues', type: 'array<struct<path:string,code:string,message:string>>' },
          { name: 'raw', type: 'string', comment: 'the message as sent (cut to the bound)' },
          { name: 'truncated', type: 'boolean' },
        ],
        location,
        inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
        serdeInfo: {
          serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
          parameters: {
            'case.insensitive': 'TRUE',
            'ignore.malformed.json': 'TRUE',
            'mapping.source_id': 'sourceid',
            'mapping.received_at': 'receivedat',
            'mapping.message_index': 'index',
            'mapping.message_id': 'messageid',
          },
        },
      },
    },
  })
  const query = new CfnNamedQuery(scope, `LakeQuery_${REJECTED_QUERY.name}`, {
    name: REJECTED_QUERY.name,
    description: REJECTED_QUERY.description,
    database: catalog.databaseName,
    queryString: REJECTED_QUERY.sql,
    workGroup: athena.workGroup.ref,
  })
  query.node.addDependency(catalog.database)
  return table
}
