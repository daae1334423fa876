/**
 * A patch that does not fit what the page holds: main and page disagree about the
 * collection. The page keeps what it held and asks for a fresh snapshot instead.
 */
export class KeyedPatchError extends Error {
  constructor(problem: string) {
    super(`A live update does not fit what this window holds: ${problem}.`);
    this.name = 'KeyedPatchError';
  }
}
