// What several parts of one order page need (the parcels and their scans, the open delays) is
// read once per page: the request's order object keys the answer, and the answer goes with it.
// A failed read is not kept: the next part to ask tries again. Inside a transaction (an email
// written in an event handler) the read goes through its handle and is not kept.
import type { Db } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Order } from '../orders/index.ts';

export function oncePerOrderPage<T>(read: (db: Db, order: Order) => Promise<T>): (platform: Platform, order: Order, db?: Db) => Promise<T> {
  const answers = new WeakMap<Platform, WeakMap<Order, Promise<T>>>();
  return (platform, order, db = platform.database.db) => {
    if (db !== platform.database.db) return read(db, order);
    let perOrder = answers.get(platform);
    if (!perOrder) {
      perOrder = new WeakMap();
      answers.set(platform, perOrder);
    }
    let answer = perOrder.get(order);
    if (!answer) {
      // Settled once: a query builder handed back as is runs its query again at every await.
      answer = Promise.resolve(read(db, order));
      perOrder.set(order, answer);
      answer.catch(() => perOrder.delete(order));
    }
    return answer;
  };
}
