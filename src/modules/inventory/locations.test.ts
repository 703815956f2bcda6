import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { listLocations, locationProblems, saveLocation, type LocationInput } from './locations.ts';

const east = (overrides: Partial<LocationInput> = {}): LocationInput => ({
  code: 'east',
  name: 'East warehouse',
  address: '1 Dock Road\nBoston',
  processingDays: 2,
  cutoffTime: '12:00',
  priority: 200,
  isDefault: false,
  ...overrides,
});

describe('stock locations', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore();
  });
  after(() => store.close());
  const save = (id: string | null, input: LocationInput) => store.platform.database.transaction((tx) => saveLocation(store.platform, tx, id, input));
  const fields = (input: LocationInput) => locationProblems(input).map((p) => p.field);

  it('checks code, name, address, processing days, cut-off time and priority', () => {
    assert.deepEqual(fields(east()), []);
    assert.deepEqual(fields(east({ code: '' })), ['code']);
    assert.deepEqual(fields(east({ code: 'East Coast' })), ['code']);
    assert.deepEqual(fields(east({ code: 'east_1' })), ['code']);
    assert.deepEqual(fields(east({ code: 'x'.repeat(33) })), ['code']);
    assert.deepEqual(fields(east({ name: '  ' })), ['name']);
    assert.deepEqual(fields(east({ address: 'a'.repeat(501) })), ['address']);
    for (const processingDays of [-1, 31, 1.5, Number.NaN]) assert.deepEqual(fields(east({ processingDays })), ['processingDays'], String(processingDays));
    assert.deepEqual(fields(east({ processingDays: 0 })), []);
    assert.deepEqual(fields(east({ processingDays: 30 })), []);
    for (const cutoffTime of ['24:00', '9:00', '12:60', 'noon', '']) assert.deepEqual(fields(east({ cutoffTime })), ['cutoffTime'], cutoffTime);
    assert.deepEqual(fields(east({ priority: -1 })), ['priority']);
    assert.deepEqual(fields(east({ code: 'BAD', processingDays: 99, cutoffTime: 'x' })), ['code', 'processingDays', 'cutoffTime']);
  });

  it('makes the first location the default, whatever the form said', async () => {
    const outcome = await save(null, east({ code: 'main', name: 'Main warehouse' }));
    assert.equal(outcome.kind, 'saved');
    assert.deepEqual(
      (await listLocations(store.platform.database.db)).map((l) => [l.code, l.isDefault]),
      [['main', true]],
    );
  });

  it('adds a location, keeps codes unique and keeps exactly one default', async () => {
    const created = await save(null, east());
    assert.equal(created.kind, 'saved');
    const eastId = created.kind === 'saved' ? created.id : '';
    assert.deepEqual(await save(null, east({ name: 'Another' })), { kind: 'invalid', problems: [{ field: 'code', message: 'Another location already has the code "east".' }] });

    // Making east the default takes the mark from main.
    assert.equal((await save(eastId, east({ isDefault: true, processingDays: 3 }))).kind, 'saved');
    const locations = await listLocations(store.platform.database.db);
    assert.deepEqual(
      locations.map((l) => [l.code, l.isDefault, l.processingDays]),
      [
        ['east', true, 3],
        ['main', false, 2],
      ],
    );
    // The default cannot just give up the mark.
    const refused = await save(eastId, east({ isDefault: false }));
    assert.equal(refused.kind, 'invalid');
    assert.equal(refused.kind === 'invalid' && refused.problems[0]!.field, 'isDefault');
    // Renaming another location to east's code is refused too.
    const mainId = locations.find((l) => l.code === 'main')!.id;
    assert.equal((await save(mainId, east({ name: 'Main' }))).kind, 'invalid');
    assert.deepEqual(await save('00000000-0000-4000-8000-000000000000', east({ code: 'west' })), { kind: 'missing' });
  });
});
