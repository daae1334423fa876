import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeRooms } from './codeRooms.js';
import { codeLayersPlugin } from './importLayers.js';

/** The layering rule with the project's own rooms, run on sources placed at chosen paths. */

const root = join(import.meta.dirname, '..', '..');
const linter = new Linter({ configType: 'flat' });
const config: Linter.Config[] = [
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { layers: codeLayersPlugin },
    rules: { 'layers/imports': ['error', { root, rooms: codeRooms }] },
  },
];

function problems(path: string, source: string): string[] {
  return linter.verify(source, config, { filename: join(root, path) }).map((m) => m.message);
}

describe('the import layering rule', () => {
  it.each([
    ["import { app } from 'electron';", /core may not import the package electron/],
    ["import { startSandbox } from '../../sandbox/sandbox';", /core may not import sandbox/],
    ["const s = await import('../../sandbox/sandbox');", /core may not import sandbox/],
    ["import { openFleetSource } from '../../cli/fleetSource';", /core may not import cli/],
    ["import { startConsoleHost } from '../../host/consoleHost';", /core may not import host/],
    [
      "import { startTestSandbox } from '../../testing/sandboxTestHarness';",
      /core may not import electron\/testing/,
    ],
    [
      "export { sampleTopology } from '../../../shared/testing/topologyTestData';",
      /core may not import shared\/testing/,
    ],
    ["import { App } from '../../../renderer/src/app/App';", /core may not import renderer/],
    ["import { render } from 'vitest';", /core may not import the package vitest/],
  ])('refuses a core file that says %s', (source, message) => {
    expect(problems('electron/core/fleet/fleetProbe.ts', source)).toEqual([expect.stringMatching(message)]);
  });

  it('lets a core file import other core domains, shared/ and its SDK clients', () => {
    const source = [
      "import { ECSClient } from '@aws-sdk/client-ecs';",
      "import { readFile } from 'node:fs/promises';",
      "import { IpcRouter } from '../ipc/router';",
      "import type { FleetSnapshot } from '../../../shared/fleet/fleetModel';",
    ].join('\n');
    expect(problems('electron/core/fleet/fleetProbe.ts', source)).toEqual([]);
  });

  it('lets a core test reach the sandbox through the test kits only', () => {
    const kit = "import { startTestSandbox } from '../../testing/sandboxTestHarness';";
    expect(problems('electron/core/fleet/fleetProbe.test.ts', kit)).toEqual([]);
    const direct = "import { startSandbox } from '../../sandbox/sandbox';";
    expect(problems('electron/core/fleet/fleetProbe.test.ts', direct)).toEqual([
      expect.stringMatching(/core may not import sandbox/),
    ]);
  });

  it.each(['node:zlib', 'zlib', 'buffer', 'worker_threads', 'node:crypto'])(
    'refuses the Node built-in %s in shared/',
    (module) => {
      expect(problems('shared/kafka/probe.ts', `import * as m from '${module}';`)).toEqual([
        expect.stringMatching(/shared may not import the Node built-in/),
      ]);
    },
  );

  it('keeps shared/ from reaching up into electron/ or renderer/', () => {
    expect(
      problems('shared/kafka/probe.ts', "import { x } from '../../electron/core/kafka/lagMonitor';"),
    ).toEqual([expect.stringMatching(/shared may not import core/)]);
    expect(
      problems('shared/kafka/probe.ts', "import { x } from '../../renderer/src/kafka/lagStore';"),
    ).toEqual([expect.stringMatching(/shared may not import renderer/)]);
  });

  it('keeps the renderer away from main-process code and Node', () => {
    expect(
      problems(
        'renderer/src/fleet/Probe.tsx',
        "import { x } from '../../../electron/core/fleet/fleetMonitor';",
      ),
    ).toEqual([expect.stringMatching(/renderer may not import core/)]);
    expect(problems('renderer/src/fleet/Probe.tsx', "import { readFile } from 'node:fs';")).toEqual([
      expect.stringMatching(/renderer may not import the Node built-in/),
    ]);
    expect(problems('renderer/src/fleet/Probe.tsx', "import { ipcRenderer } from 'electron';")).toEqual([
      expect.stringMatching(/renderer may not import the package electron/),
    ]);
  });

  it('gives the preload contextBridge and ipcRenderer only', () => {
    expect(
      problems('electron/shell/preload.ts', "import { contextBridge, ipcRenderer } from 'electron';"),
    ).toEqual([]);
    expect(problems('electron/shell/preload.ts', "import { shell } from 'electron';")).toEqual([
      expect.stringMatching(/preload may import only contextBridge, ipcRenderer/),
    ]);
    expect(problems('electron/shell/preload.ts', "import { join } from 'node:path';")).toEqual([
      expect.stringMatching(/preload may not import the Node built-in/),
    ]);
  });

  it('lets the sandbox use the SDK for its types only, and nothing of the core', () => {
    expect(
      problems('electron/sandbox/probe.ts', "import type { Service } from '@aws-sdk/client-ecs';"),
    ).toEqual([]);
    expect(problems('electron/sandbox/probe.ts', "import { ECSClient } from '@aws-sdk/client-ecs';")).toEqual(
      [expect.stringMatching(/sandbox may not import the package @aws-sdk\/client-ecs/)],
    );
    expect(problems('electron/sandbox/probe.ts', "import { IpcRouter } from '../core/ipc/router';")).toEqual([
      expect.stringMatching(/sandbox may not import core/),
    ]);
  });

  it('keeps test kits out of production code in every room', () => {
    expect(problems('renderer/src/kafka/LagView.tsx', "import { x } from '../testing/lagFixtures';")).toEqual(
      [expect.stringMatching(/renderer may not import renderer\/testing/)],
    );
    expect(
      problems('renderer/src/kafka/lagStore.test.ts', "import { x } from '../testing/lagFixtures';"),
    ).toEqual([]);
    expect(problems('electron/cli/lagCommand.ts', "import { x } from '../testing/cliTestProcess';")).toEqual([
      expect.stringMatching(/cli may not import electron\/testing/),
    ]);
  });
});
