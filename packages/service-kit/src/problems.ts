// A request the service refuses before doing any work: every problem names the field it is about, so a
// 400 says what to change.

export interface Problem {
  field: string;
  problem: string;
}

export class BadRequest extends Error {
  constructor(readonly details: Problem[]) {
    super(details.map((d) => `${d.field}: ${d.problem}`).join('; '));
    this.name = 'BadRequest';
  }
}
