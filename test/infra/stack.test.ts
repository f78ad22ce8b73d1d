/**
 * The infra tier as one test file: jest gives each file its own module registry, so as separate files
 * every spec loaded aws-cdk-lib again. Imported here, the specs share one registry and aws-cdk-lib loads
 * once for all of them. Specs are `*.spec.ts`, which the infra project does not match on its own.
 */
import './alarms.spec';
import './bundling.spec';
import './delivery.spec';
import './event-rules.spec';
import './iam.spec';
import './nag.spec';
import './notifications.spec';
import './resources.spec';
import './stack-props.spec';
