import { figureLine, notMeasured, type Figure } from './resultTable';

/** A figure a section promises, so a section that fails can still say which figures it owes. */
export interface ExpectedFigure {
  figure: string;
  goal: string;
}

/**
 * Collects the figures as sections produce them and prints each at once. A section that
 * throws costs only the figures it had not given yet: each is reported as not measured,
 * with the reason, and the bench goes on with the next section.
 */
export class BenchReport {
  readonly figures: Figure[] = [];

  constructor(private readonly print: (line: string) => void = (line) => console.log(line)) {}

  add(figure: Figure): void {
    this.figures.push(figure);
    this.print(figureLine(figure));
  }

  note(line: string): void {
    this.print(`  ${line}`);
  }

  skip(expected: readonly ExpectedFigure[], reason: string): void {
    for (const { figure, goal } of expected) this.add(notMeasured(figure, goal, reason));
  }

  async section(
    title: string,
    expected: readonly ExpectedFigure[],
    work: () => Promise<void>,
  ): Promise<void> {
    this.print(`\n== ${title}`);
    const before = this.figures.length;
    try {
      await work();
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      const given = new Set(this.figures.slice(before).map((figure) => figure.figure));
      this.skip(
        expected.filter((figure) => !given.has(figure.figure)),
        reason,
      );
    }
  }
}
