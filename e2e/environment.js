/**
 * Jest's node environment, telling the test file whether the test that just ran failed: on a failure the
 * harness (harness.ts) prints what each open page showed, since a CI log is all a night run leaves.
 */
const { TestEnvironment } = require('jest-environment-node');

class E2EEnvironment extends TestEnvironment {
  handleTestEvent(event) {
    if (event.name === 'test_start') this.global.__e2eTestFailed = false;
    if (event.name === 'test_fn_failure' || event.name === 'hook_failure') this.global.__e2eTestFailed = true;
  }
}

module.exports = E2EEnvironment;
