// Every touch point, in the order the merchant's admin lists them. A touch point that is not
// listed here sends nothing.
import type { TouchPoint } from './define.ts';
import { ACCOUNT_TOUCH_POINTS } from './account.ts';
import { DELIVERY_TOUCH_POINTS } from './delivery.ts';
import { INCIDENT_TOUCH_POINTS } from './incidents.ts';
import { MAINTENANCE_TOUCH_POINTS } from './maintenance.ts';
import { MAINTENANCE_BACK_TOUCH_POINTS } from './maintenance-back.ts';
import { ORDER_TOUCH_POINTS } from './orders.ts';
import { PAYMENT_TOUCH_POINTS } from './payments.ts';
import { RETURN_TOUCH_POINTS } from './returns.ts';
import { STOCK_TOUCH_POINTS } from './stock.ts';
import { SUPPORT_TOUCH_POINTS } from './support.ts';

export const TOUCH_POINTS: readonly TouchPoint[] = [...ORDER_TOUCH_POINTS, ...PAYMENT_TOUCH_POINTS, ...DELIVERY_TOUCH_POINTS, ...RETURN_TOUCH_POINTS, ...STOCK_TOUCH_POINTS, ...SUPPORT_TOUCH_POINTS, ...ACCOUNT_TOUCH_POINTS, ...MAINTENANCE_TOUCH_POINTS, ...MAINTENANCE_BACK_TOUCH_POINTS, ...INCIDENT_TOUCH_POINTS];

export function touchPointByKey(key: string): TouchPoint | undefined {
  return TOUCH_POINTS.find((touchPoint) => touchPoint.key === key);
}
