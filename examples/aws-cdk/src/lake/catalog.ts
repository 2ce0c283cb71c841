import { glueColumns } from '@clickstream/lake'
import { LAKE_EARLIEST_DATE, LAKE_PARTITION_COLUMN } from '@clickstream/schema'
import { Stack } from 'aws-cdk-lib'
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue'
import type { IBucket } from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'

/** The Glue table of the lake's files, which the Athena text of the named queries reads. */
export const LAKE_GLUE_TABLE = 'events_raw'
/** Where the lake's Parquet files land in its bucket: one folder per UTC event date (Hive style). */
export const LAKE_EVENTS_PREFIX = 'events/'

export interface LakeCatalog {
  database: CfnDatabase
  table: CfnTable
  /** The database's name (`<stack name>_lake`, lower case: Glue and Athena fold names). */
  databaseName: string
  tableName: string
}

const PARQUET = 'org.apache.hadoop.hive.ql.io.parquet'

/**
 * The lake in the Glue Data Catalog: a database and one external Parquet table, its columns from
 * `glueColumns()` (the schema's `LAKE_COLUMNS`), partitioned by `event_date` with partition
 * projection (dates from 1970-01-01 to today), so no crawler and no `MSCK REPAIR` ever runs.
 * Firehose converts rows to Parquet against this table's columns.
 */
export function createLakeCatalog(scope: Construct, bucket: IBucket): LakeCatalog {
  const stack = Stack.of(scope)
  const databaseName = `${stack.stackName}_lake`.toLowerCase().replace(/[^a-z0-9_]/g, '_')
  const database = new CfnDatabase(scope, 'LakeDatabase', {
    catalogId: stack.account,
    databaseInput: {
      name: databaseName,
      description: `clickstream event lake (${stack.stackName}): one row per event`,
    },
  })
  const location = `s3://${bucket.bucketName}/${LAKE_EVENTS_PREFIX}`
  const p = `projection.${LAKE_PARTITION_COLUMN}`
  const table = new CfnTable(scope, 'LakeTable', {
    catalogId: stack.account,
    databaseName: database.ref,
    tableInput: {
      name: LAKE_GLUE_TABLE,
      description: 'Every event as a row (duplicates included: query the deduplicating text)',
      tableType: 'EXTERNAL_TABLE',
      parameters: {
        EXTERNAL: 'TRUE',
        classification: 'parquet',
        'projection.enabled': 'true',
        [`${p}.type`]: 'date',
        [`${p}.format`]: 'yyyy-MM-dd',
        [`${p}.range`]: `${LAKE_EARLIEST_DATE},NOW`,
        [`${p}.interval`]: '1',
        [`${p}.interval.unit`]: 'DAYS',
        'storage.location.template': `${location}${LAKE_PARTITION_COLUMN}=\${${LAKE_PARTITION_COLUMN}}/`,
      },
      // A string, as Athena's projection examples type it: 'YYYY-MM-DD' compares in date order.
      partitionKeys: [{ name: LAKE_PARTITION_COLUMN, type: 'string', comment: 'UTC event date' }],
      storageDescriptor: {
        columns: glueColumns().map((c) => ({ name: c.Name, type: c.Type, comment: c.Comment })),
        location,
        inputFormat: `${PARQUET}.MapredParquetInputFormat`,
        outputFormat: `${PARQUET}.MapredParquetOutputFormat`,
        serdeInfo: {
          serializationLibrary: `${PARQUET}.serde.ParquetHiveSerDe`,
          parameters: { 'serialization.format': '1' },
        },
      },
    },
  })
  return { database, table, databaseName, tableName: LAKE_GLUE_TABLE }
}
