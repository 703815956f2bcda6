// Every touch point, in the order the merchant's admin lists them. A touch point that is not
// listed here sends nothing.
import type { TouchPoint } from './define.ts';
import { ORDER_TOUCH_POINTS } from './orders.ts';

export const TOUCH_POINTS: readonly TouchPoint[] = [...ORDER_TOUCH_POINTS];

export function touchPointByKey(key: string): TouchPoint | undefined {
  return TOUCH_POINTS.find((touchPoint) => touchPoint.key === key);
}
