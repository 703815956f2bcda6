import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shippingLocation, unclaimed } from './promise-for.ts';

const main = { id: 'main', isDefault: 1, priority: 100, processingDays: 1, cutoffTime: '14:00' };
const east = { id: 'east', isDefault: 0, priority: 10, processingDays: 2, cutoffTime: '12:00' };
const west = { id: 'west', isDefault: 0, priority: 20, processingDays: 1, cutoffTime: '15:00' };

describe('where a line ships from', () => {
  const at = (levels: Record<string, number>) => Object.entries(levels).map(([locationId, net]) => ({ locationId, net }));

  it('prefers the default location when it has enough', () => {
    assert.equal(shippingLocation([east, main, west], at({ main: 5, east: 9 }), 3)?.id, 'main');
  });
  it('then the first by priority that has enough', () => {
    assert.equal(shippingLocation([main, west, east], at({ main: 1, east: 4, west: 4 }), 3)?.id, 'east');
  });
  it('then the one with the most free stock', () => {
    assert.equal(shippingLocation([main, west, east], at({ main: 1, east: 2, west: 0 }), 3)?.id, 'east');
  });
  it('keeps a backorder at the default location when nothing is free anywhere', () => {
    assert.equal(shippingLocation([east, main], at({ main: -2 }), 1)?.id, 'main');
  });
});

describe('inbound supply left for a new backorder', () => {
  it('lets earlier backorders take the earliest deliveries first', () => {
    const supply = [
      { expectedOn: '2027-01-20', quantity: 5 },
      { expectedOn: '2027-01-10', quantity: 3 },
    ];
    assert.deepEqual(unclaimed(supply, 4), [{ expectedOn: '2027-01-20', quantity: 4 }]);
    assert.deepEqual(unclaimed(supply, 0), [
      { expectedOn: '2027-01-10', quantity: 3 },
      { expectedOn: '2027-01-20', quantity: 5 },
    ]);
    assert.deepEqual(unclaimed(supply, 10), []);
  });
});
