import type { CloudRule } from '../cloud/types.js';
import { athenaRules } from './athena.js';
import { batchRules } from './batch.js';
import { codebuildRules } from './codebuild.js';
import { dmsRules } from './dms.js';
import { docdbRules } from './docdb.js';
import { dynamodbRules } from './dynamodb.js';
import { ecrRules } from './ecr.js';
import { ecsRules } from './ecs.js';
import { efsRules } from './efs.js';
import { eksRules } from './eks.js';
import { elasticacheRules } from './elasticache.js';
import { emrRules } from './emr.js';
import { glueRules } from './glue.js';
import { kinesisRules } from './kinesis.js';
import { memorydbRules } from './memorydb.js';
import { mqRules } from './mq.js';
import { mskRules } from './msk.js';
import { neptuneRules } from './neptune.js';
import { opensearchRules } from './opensearch.js';
import { qldbRules } from './qldb.js';
import { rdsExposureRules } from './rds-exposure.js';
import { rdsRules } from './rds.js';
import { redshiftRules } from './redshift.js';
import { sagemakerRules } from './sagemaker.js';
import { workspacesRules } from './workspaces.js';

/** AWS rules: databases, analytics and containers (one file per service beside this list). */
export const awsDataContainersRules: CloudRule[] = [
  ...rdsRules,
  ...rdsExposureRules,
  ...dynamodbRules,
  ...elasticacheRules,
  ...redshiftRules,
  ...opensearchRules,
  ...docdbRules,
  ...neptuneRules,
  ...memorydbRules,
  ...qldbRules,
  ...eksRules,
  ...ecsRules,
  ...ecrRules,
  ...batchRules,
  ...efsRules,
  ...kinesisRules,
  ...mskRules,
  ...mqRules,
  ...dmsRules,
  ...sagemakerRules,
  ...athenaRules,
  ...glueRules,
  ...emrRules,
  ...codebuildRules,
  ...workspacesRules,
];
