import { CopyTextButton } from '../app/CopyTextButton';

/** The topology's "Copy as text", which the desktop app's "Copy Topology as Text" also does. */
export function CopyTopologyButton({ snapshot, disabled }: { snapshot: () => string; disabled: boolean }) {
  return (
    <CopyTextButton
      snapshot={snapshot}
      disabled={disabled}
      what="the topology"
      title="Copy the diagram and its problems as plain text, for an incident channel"
      testId="copy-topology"
      desktopCommand="copy-topology"
    />
  );
}
