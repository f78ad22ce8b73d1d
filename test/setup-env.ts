import * as os from 'node:os';
import * as path from 'node:path';

// Tests read the logger's JSON through spies where they care; keep the run's output readable.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_REGION ??= 'us-east-1';
// The SDK's notice that Node 20 loses support in 2027 says nothing about the code under test.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// `vod local up` processes the tests start announce themselves here, not where a developer's own clouds are.
process.env.VOD_RUNTIME_DIR ??= path.join(os.tmpdir(), 'vod-test-runtime', String(process.pid));
