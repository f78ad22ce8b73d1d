/**
 * The infra tier as one test file: jest gives each file its own module registry, so as separate files
 * every spec loaded aws-cdk-lib and synthesized the default stack again. Imported here, the specs share
 * one registry: aws-cdk-lib loads once and the default stack is synthesized once for all of them
 * (`defaultStack` in ./synth.ts). Specs are `*.spec.ts`, which the infra project does not match on its
 * own; each keeps its hooks inside its describe, so a spec's setup runs only when its tests do.
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
