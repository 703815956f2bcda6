// The carriers the store ships with, as data: their codes, names, public tracking pages and the
// shapes of their tracking numbers in words. The words are what a merchant reads when a number is
// refused ("A UPS tracking number is 1Z followed by 16 letters and digits …"), so every example is
// a real valid test number from vectors/ (numbers.test.ts checks that each one is accepted).

export type CarrierCode = 'ups' | 'fedex' | 'usps' | 'dhl';

export const CARRIER_CODES: readonly CarrierCode[] = ['ups', 'fedex', 'usps', 'dhl'];

/** One of a carrier's number formats: upstream's name for it, its shape in words, a real example. */
export interface CarrierFormat {
  /** The format's `name` in vectors/<carrier>.json, which is what ts-tracking-number reports. */
  name: string;
  shape: string;
  example: string;
}

export interface Carrier {
  code: CarrierCode;
  name: string;
  /** The carrier's public tracking page; `%s` stands for the number (as upstream writes it). */
  trackingUrl: string;
  /** The expected formats in one phrase, completing "A UPS tracking number is …". */
  expected: string;
  formats: readonly CarrierFormat[];
}

export const CARRIERS: Readonly<Record<CarrierCode, Carrier>> = {
  ups: {
    code: 'ups',
    name: 'UPS',
    trackingUrl: 'https://wwwapps.ups.com/WebTracking/track?track=yes&trackNums=%s',
    expected: '1Z followed by 16 letters and digits (like 1Z5R89390357567127), or on a waybill a letter followed by 10 digits (like K1506235620)',
    formats: [
      { name: 'UPS', shape: '1Z followed by 16 letters and digits', example: '1Z5R89390357567127' },
      { name: 'UPS Waybill', shape: 'A, H, J, K, T or V followed by 10 digits', example: 'K1506235620' },
    ],
  },
  fedex: {
    code: 'fedex',
    name: 'FedEx',
    trackingUrl: 'https://www.fedex.com/apps/fedextrack/?tracknumbers=%s',
    expected: '12 or 15 digits (like 986578788855 or 041441760228964), or the 18, 22, 32 or 34 digits under a FedEx barcode (like 9611020987654312345672)',
    formats: [
      { name: 'FedEx Express (12)', shape: '12 digits', example: '986578788855' },
      { name: 'FedEx Ground', shape: '15 digits', example: '041441760228964' },
      { name: 'FedEx Ground (SSCC-18)', shape: '18 digits starting with 00, 01, 02 or 04', example: '000123450000000027' },
      { name: 'FedEx Ground 96 (22)', shape: '22 digits starting with 96', example: '9611020987654312345672' },
      { name: 'FedEx ASTRA (32)', shape: '32 digits starting with 3', example: '32971514560102447849175802862014' },
      { name: 'FedEx Express (34)', shape: '34 digits', example: '1001921334250001000300779017972697' },
      { name: 'FedEx Ground GSN', shape: '34 digits starting with 96', example: '9622001900000000000000776632517510' },
    ],
  },
  usps: {
    code: 'usps',
    name: 'USPS',
    trackingUrl: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=%s',
    expected: '20 to 26 digits, usually starting with 9 (like 9400111206206406260787), or up to 34 digits when read from the label’s barcode, which puts 420 and the ZIP code in front (like 420787459400111206206406260787)',
    formats: [
      { name: 'USPS 20', shape: '20 digits', example: '03071790000523483741' },
      { name: 'USPS IMpb N', shape: '22 digits starting with 94, or 30 with 420 and the ZIP code in front', example: '9400111206206406260787' },
      { name: 'USPS Legacy', shape: '22 digits starting with 91, or 20 digits, with 420 and the ZIP code in front when scanned', example: '9101123456789000000013' },
      { name: 'USPS IMpb C', shape: '22 or 26 digits starting with 92, 93 or 95, with 420 and the ZIP code in front when scanned', example: '92748931507708513018050063' },
    ],
  },
  dhl: {
    code: 'dhl',
    name: 'DHL',
    // Upstream writes http://www.dhl.com/…; the page is the same over https, and a link from the
    // store should not send the customer out over plain HTTP.
    trackingUrl: 'https://www.dhl.com/en/express/tracking.html?brand=DHL&AWB=%s',
    expected: '10 or 11 digits for DHL Express (like 3318810025), 14 digits for DHL eCommerce (like 60120172242323), GM, LX, RX, UV, CN, SG, TH, IN, HK or MY followed by 10 to 39 letters and digits (like GM2951173225174494), or a piece ID: J and 2 or 3 letters followed by 9 or 10 digits (like JJD0099999999)',
    formats: [
      { name: 'DHL Express', shape: '10 or 11 digits', example: '3318810025' },
      { name: 'DHL Express (Piece ID)', shape: 'J and 2 or 3 letters followed by 9 or 10 digits', example: 'JJD0099999999' },
      { name: 'DHL E-Commerce', shape: 'GM, LX, RX, UV, CN, SG, TH, IN, HK or MY followed by 10 to 39 letters and digits', example: 'GM2951173225174494' },
      { name: 'DHL E-Commerce (14)', shape: '14 digits', example: '60120172242323' },
    ],
  },
};

export function isCarrierCode(value: string): value is CarrierCode {
  return (CARRIER_CODES as readonly string[]).includes(value);
}
