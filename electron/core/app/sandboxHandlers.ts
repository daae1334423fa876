import { sandboxRunScenario, type SandboxScenario } from '../../../shared/ipc/sandbox';
import { ConsoleError } from '../ipc/consoleError';
import type { IpcRouter } from '../ipc/router';
import type { ScenarioRunner } from '../actions/actionServices';

/** Scenario controls for the Sandbox menu; registered only when the console runs on its sandbox. */
export function registerSandboxHandlers(
  router: IpcRouter,
  sandbox: ScenarioRunner,
  afterScenario: (scenario: SandboxScenario) => void,
): void {
  router.register(sandboxRunScenario, async (scenario) => {
    try {
      const result = await sandbox.runScenario(scenario);
      // The change is visible at once instead of at the next poll.
      afterScenario(scenario);
      return result;
    } catch (error) {
      if (error instanceof ConsoleError) throw error;
      throw new ConsoleError('VALIDATION', error instanceof Error ? error.message : String(error));
    }
  });
}
