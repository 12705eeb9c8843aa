import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentError, parseDocuments, parseInputs } from '../../src/cli/documents';

const w = (name: string) => `name: ${name}\nkind: process\nzone: GB\ntarget:\n  command: sleep\n`;

test('multi-document YAML: every document, in order, empty ones skipped', () => {
  const text = `# leading comment\n${w('a')}---\n${w('b')}---\n# only a comment\n---\n`;
  const { documents, problems } = parseDocuments(text, 'w.yaml');
  assert.deepEqual(problems, []);
  assert.deepEqual(
    documents.map((d) => [d.name, d.position, d.source]),
    [
      ['a', 'document 1', 'w.yaml'],
      ['b', 'document 2', 'w.yaml'],
    ],
  );
  assert.deepEqual(documents[0]!.body, {
    name: 'a',
    kind: 'process',
    zone: 'GB',
    target: { command: 'sleep' },
  });
});

test('a top-level YAML list: each item is a document', () => {
  const text = '- name: a\n  zone: GB\n- name: b\n  zone: DE\n';
  const { documents, problems } = parseDocuments(text, 'list.yml');
  assert.deepEqual(problems, []);
  assert.deepEqual(
    documents.map((d) => [d.name, d.position]),
    [
      ['a', 'item 1'],
      ['b', 'item 2'],
    ],
  );
});

test('lists inside a multi-document stream are numbered by document and item', () => {
  const { documents } = parseDocuments('name: a\n---\n- name: b\n- name: c\n', 'mixed.yaml');
  assert.deepEqual(
    documents.map((d) => d.position),
    ['document 1', 'document 2, item 1', 'document 2, item 2'],
  );
});

test('JSON: an object or an array, from a .json file or from stdin', () => {
  const obj = parseDocuments('{"name": "a", "zone": "GB", "labels": {"tier": "web"}}', 'a.json');
  assert.deepEqual(obj.problems, []);
  assert.deepEqual(obj.documents[0]!.body, { name: 'a', zone: 'GB', labels: { tier: 'web' } });
  const arr = parseDocuments('[{"name": "a"}, {"name": "b"}]', 'all.JSON');
  assert.deepEqual(
    arr.documents.map((d) => [d.name, d.position]),
    [
      ['a', 'item 1'],
      ['b', 'item 2'],
    ],
  );
  // No extension (stdin): JSON is read as YAML, which it is a subset of.
  const stdin = parseDocuments('[{"name": "a", "replicasOn": 2}]', '<stdin>');
  assert.deepEqual(stdin.documents[0]!.body, { name: 'a', replicasOn: 2 });
});

test('server-owned fields from `get` output are dropped, so it applies back', () => {
  const text =
    'id: 0b6c\nname: a\nversion: 7\ncreatedAt: 2024-01-01T00:00:00Z\nupdatedAt: 2024-01-02T00:00:00Z\nzone: GB\n';
  const { documents } = parseDocuments(text, 'a.yaml');
  assert.deepEqual(documents[0]!.body, { name: 'a', zone: 'GB' });
});

test('YAML 1.2 core schema: no sexagesimal or yes/no surprises, timestamps stay strings', () => {
  const { documents } = parseDocuments('name: a\nzone: NO\nenabled: yes\nat: 2024-01-01\n', 'a.yaml');
  assert.deepEqual(documents[0]!.body, { name: 'a', zone: 'NO', enabled: 'yes', at: '2024-01-01' });
});

test('invalid YAML names the file and the document, with line and column', () => {
  const { documents, problems } = parseDocuments(`${w('a')}---\nname: b\n  zone: [GB\n`, 'w.yaml');
  assert.equal(documents.length, 1);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.source, 'w.yaml');
  assert.equal(problems[0]!.position, 'document 2');
  assert.match(problems[0]!.problem, /^not valid YAML: .*line \d+, column \d+/);
});

test('duplicate keys are an error, not a silent overwrite', () => {
  const { problems } = parseDocuments('name: a\nzone: GB\nzone: DE\n', 'dup.yaml');
  assert.match(problems[0]!.problem, /unique/);
});

test('invalid JSON names the file with a line and column', () => {
  const { problems } = parseDocuments('{\n  "name": "a",\n  "zone": GB\n}\n', 'bad.json');
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.source, 'bad.json');
  assert.equal(problems[0]!.problem, "not valid JSON: Unexpected token 'G' at line 3, column 11");
  const trailing = parseDocuments('{"name": "a",\n}', 'comma.json').problems[0]!.problem;
  assert.match(trailing, /^not valid JSON: .* at line 2, column 1$/);
  assert.match(
    parseDocuments('{"name": ', 'cut.json').problems[0]!.problem,
    /^not valid JSON: Unexpected end/,
  );
});

test('a document without a name, or with a non-string name, or not a mapping', () => {
  const { problems } = parseDocuments(
    'zone: GB\n---\nname: 12\n---\n- just\n- strings\n---\nname: ""\n',
    'x.yaml',
  );
  assert.deepEqual(
    problems.map((p) => `${p.position}: ${p.problem}`),
    [
      'document 1: has no "name"',
      'document 2: "name" must be a string, got number 12',
      'document 3, item 1: must be a mapping (object), got string "just"',
      'document 3, item 2: must be a mapping (object), got string "strings"',
      'document 4: has no "name"',
    ],
  );
});

test('parseInputs: one problem reads as one sentence naming file and document', () => {
  assert.throws(
    () => parseInputs([{ source: 'w.yaml', text: `${w('a')}---\nzone: GB\n` }]),
    (error: unknown) => {
      assert.ok(error instanceof DocumentError);
      assert.equal(error.message, 'w.yaml: document 2: has no "name"');
      assert.equal(error.exitCode, 1);
      return true;
    },
  );
});

test('parseInputs: every problem across every file is reported, nothing is returned', () => {
  assert.throws(
    () =>
      parseInputs([
        { source: 'a.yaml', text: `${w('a')}---\nzone: GB\n` },
        { source: 'b.json', text: '{"name": ' },
        { source: 'c.yaml', text: w('a') },
      ]),
    (error: unknown) => {
      assert.ok(error instanceof DocumentError);
      assert.equal(error.message, '3 problems in the input; nothing was applied');
      assert.deepEqual(
        error.details.map((d) => d.field),
        ['a.yaml: document 2', 'b.json', 'c.yaml: document 1'],
      );
      assert.match(error.details[2]!.problem, /name "a" appears twice \(also in a.yaml: document 1\)/);
      return true;
    },
  );
});

test('parseInputs: an input without documents is an error', () => {
  assert.throws(
    () => parseInputs([{ source: 'empty.yaml', text: '# nothing here\n' }]),
    /empty.yaml: no documents found/,
  );
  assert.throws(() => parseInputs([{ source: '<stdin>', text: '' }]), /<stdin>: no documents found/);
});
