// Tracking numbers against upstream's public test numbers (the copies in vectors/, never
// ../shared): every valid number of UPS, FedEx, USPS and DHL is accepted for its carrier and
// format, every invalid one refused; other couriers' numbers are not taken for ours except the
// documented shape collisions; refusals name the expected format; generated numbers are valid.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { getTracking } from 'ts-tracking-number';
import { Problem } from '../../../../platform/http/problem.ts';
import { CARRIER_CODES, CARRIERS, type CarrierCode } from './carriers.ts';
import { COURIER_DATA, readCourierData } from './formats.ts';
import { completeWithCheckDigit, generateTrackingNumber } from './generate.ts';
import { checkTrackingNumber, normalizeTrackingNumber, recognizeTrackingNumber, requireTrackingNumber, trackingUrl } from './recognize.ts';

interface VectorFormat {
  id?: string;
  name: string;
  tracking_url?: string | null;
  test_numbers: { valid: string[]; invalid: string[] };
}
interface VectorFile {
  courier_code: string;
  tracking_numbers: VectorFormat[];
}

const vectorsDir = new URL('./vectors/', import.meta.url);
const readVectors = (path: string): VectorFile => JSON.parse(readFileSync(new URL(path, vectorsDir), 'utf8')) as VectorFile;
const ours = Object.fromEntries(CARRIER_CODES.map((code) => [code, readVectors(`${code}.json`)])) as Record<CarrierCode, VectorFile>;

// A small seeded generator (mulberry32), so generated numbers are reproducible in the test.
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('tracking numbers: upstream test vectors', () => {
  for (const carrier of CARRIER_CODES) {
    describe(CARRIERS[carrier].name, () => {
      for (const format of ours[carrier].tracking_numbers) {
        it(`${format.name}: every valid number is accepted in that format and recognised as ${carrier}`, () => {
          assert.ok(format.test_numbers.valid.length > 0);
          for (const raw of format.test_numbers.valid) {
            const check = checkTrackingNumber(carrier, raw);
            assert.ok(check.ok, `${JSON.stringify(raw)}: ${check.ok ? '' : check.message}`);
            assert.equal(check.format, format.name, raw);
            assert.equal(check.number, raw.replace(/\s/g, '').toUpperCase());
            const recognised = recognizeTrackingNumber(raw);
            assert.equal(recognised?.carrier, carrier, raw);
            assert.equal(recognised?.format, format.name, raw);
          }
        });

        it(`${format.name}: every invalid number is refused, naming the expected format`, () => {
          for (const raw of format.test_numbers.invalid) {
            const check = checkTrackingNumber(carrier, raw);
            assert.equal(check.ok, false, `${JSON.stringify(raw)} was accepted as ${check.ok ? check.format : ''}`);
            assert.ok(check.message.includes(CARRIERS[carrier].expected), check.message);
            assert.notEqual(recognizeTrackingNumber(raw)?.carrier, carrier, raw);
          }
        });
      }
    });
  }

  it('cover all the copied vectors (93 valid, 44 invalid)', () => {
    const count = (kind: 'valid' | 'invalid') => CARRIER_CODES.reduce((sum, carrier) => sum + ours[carrier].tracking_numbers.reduce((n, format) => n + format.test_numbers[kind].length, 0), 0);
    assert.equal(count('valid'), 93);
    assert.equal(count('invalid'), 44);
  });

  it('the one overlap between our carriers: a 34-digit USPS barcode number also passes FedEx Express (34); it reads as USPS', () => {
    const number = '4201028200009261290113185417468510';
    const recognised = recognizeTrackingNumber(number);
    assert.equal(recognised?.carrier, 'usps');
    assert.equal(recognised?.format, 'USPS IMpb C');
    assert.deepEqual(recognised?.alsoMatches, ['fedex']);
    // Every other valid vector belongs to exactly one of our carriers.
    for (const carrier of CARRIER_CODES) {
      for (const format of ours[carrier].tracking_numbers) {
        for (const raw of format.test_numbers.valid) {
          if (raw.replace(/\s/g, '') !== number) assert.deepEqual(recognizeTrackingNumber(raw)?.alsoMatches, [], raw);
        }
      }
    }
    // So the merchant who picks FedEx for it is told it is a USPS number rather than accepted.
    const asFedex = checkTrackingNumber('fedex', number);
    assert.equal(asFedex.ok, false);
    assert.match(asFedex.message, /^4201028200009261290113185417468510 is a USPS tracking number \(it also fits the FedEx Express \(34\) format, but reads first as USPS IMpb C\), not a FedEx one: choose USPS as the carrier/);
  });

  it('why the library gets the pinned data: its bundled copy refuses current valid numbers and accepts an invalid one', () => {
    // ts-tracking-number 1.0.17 with its own data (the default `couriers`).
    assert.equal(getTracking('32971514560102447849175802862014'), undefined); // FedEx ASTRA (32), valid
    assert.equal(getTracking('60120172242323'), undefined); // DHL E-Commerce (14), valid
    assert.equal(getTracking('9261292700768711948021')?.name, 'FedEx SmartPost'); // USPS IMpb C, valid
    assert.equal(getTracking('61299998820821171811')?.name, 'FedEx SmartPost'); // USPS IMpb C, invalid
    // With the pinned data, each is what upstream says it is.
    assert.equal(checkTrackingNumber('fedex', '32971514560102447849175802862014').ok, true);
    assert.equal(checkTrackingNumber('dhl', '60120172242323').ok, true);
    assert.equal(recognizeTrackingNumber('9261292700768711948021')?.format, 'USPS IMpb C');
    assert.equal(recognizeTrackingNumber('61299998820821171811'), null);
  });
});

describe('tracking numbers: other couriers are not taken for ours', () => {
  // Shape collisions: numbers with no carrier prefix whose length and check digit also fit one of
  // our formats. Recognition alone cannot tell them apart (nor can the carriers' own data); what
  // protects the store is that the merchant names the carrier and checkTrackingNumber checks the
  // number against that carrier. Listed exactly, so a new or vanished collision fails the test.
  const collisions = new Map<string, string>([
    ['amazon:000000000000000', 'fedex/FedEx Ground'], // an invalid Amazon vector: all zeros passes the mod-10 check
    ['amazon:000000000000', 'fedex/FedEx Express (12)'], // an invalid Amazon vector: all zeros passes FedEx's check
    ['old_dominion:78045768393', 'dhl/DHL Express'], // 11 digits whose last is the first ten mod 7
    ['purolator:287809468872', 'fedex/FedEx Express (12)'], // 12 digits; Purolator's check digit agrees with FedEx's here
    ['purolator:320610804900', 'fedex/FedEx Express (12)'],
    ['purolator:JFV247545960', 'dhl/DHL Express (Piece ID)'], // J + 2 letters + 9 digits, DHL piece IDs have no check digit
  ]);

  it('every number of every other courier in upstream’s data is recognised as none of ours, except the listed collisions', () => {
    const files = readdirSync(new URL('others/', vectorsDir)).filter((file) => file.endsWith('.json'));
    assert.equal(files.length, 14);
    const seen = new Map<string, string>();
    let numbers = 0;
    for (const file of files) {
      const data = readVectors(`others/${file}`);
      assert.ok(!CARRIER_CODES.includes(data.courier_code as CarrierCode));
      for (const format of data.tracking_numbers) {
        for (const raw of [...format.test_numbers.valid, ...format.test_numbers.invalid]) {
          numbers += 1;
          const recognised = recognizeTrackingNumber(raw);
          if (recognised) seen.set(`${data.courier_code}:${raw}`, `${recognised.carrier}/${recognised?.format}`);
        }
      }
    }
    assert.equal(numbers, 143);
    assert.deepEqual(seen, collisions);
  });
});

describe('tracking numbers: the carriers as data', () => {
  it('every format of the pinned data is described, and every description’s example is accepted in its format', () => {
    for (const carrier of CARRIER_CODES) {
      const described = CARRIERS[carrier].formats.map((format) => format.name).sort();
      assert.deepEqual(described, COURIER_DATA[carrier].tracking_numbers.map((format) => format.name).sort());
      for (const format of CARRIERS[carrier].formats) {
        const check = checkTrackingNumber(carrier, format.example);
        assert.ok(check.ok && check.format === format.name, `${carrier} ${format.example}`);
        assert.ok(ours[carrier].tracking_numbers.find((f) => f.name === format.name)?.test_numbers.valid.some((v) => v.replace(/\s/g, '') === format.example), `${format.example} is an upstream valid number`);
      }
      for (const example of CARRIERS[carrier].expected.matchAll(/\(like ([0-9A-Z]+)(?: or ([0-9A-Z]+))?\)/g)) {
        for (const number of example.slice(1).filter((n) => n !== undefined)) assert.ok(checkTrackingNumber(carrier, number).ok, `${carrier} message example ${number}`);
      }
    }
  });

  it('tracking pages are upstream’s (DHL’s over https)', () => {
    for (const carrier of CARRIER_CODES) {
      const urls = new Set(ours[carrier].tracking_numbers.map((format) => format.tracking_url).filter((url) => typeof url === 'string'));
      assert.equal(urls.size, 1, carrier);
      const upstream = [...urls][0]?.replace(/^http:\/\/www\.dhl\.com\//, 'https://www.dhl.com/');
      assert.equal(CARRIERS[carrier].trackingUrl, upstream);
    }
  });

  it('a bad or unknown data file is refused when loaded, not trusted', () => {
    const ups = JSON.parse(readFileSync(new URL('ups.json', vectorsDir), 'utf8')) as { tracking_numbers: Record<string, unknown>[] };
    assert.equal(readCourierData(ups, 'ups').tracking_numbers.length, 2);
    const broken = (change: (data: typeof ups) => void) => {
      const copy = structuredClone(ups);
      change(copy);
      return copy;
    };
    assert.throws(() => readCourierData(null, 'ups'), /ups: not an object/);
    assert.throws(() => readCourierData(ups, 'fedex'), /fedex: courier_code is "ups"/);
    assert.throws(() => readCourierData(broken((d) => (d.tracking_numbers = [])), 'ups'), /no tracking_numbers/);
    assert.throws(() => readCourierData(broken((d) => (d.tracking_numbers[0]!.regex = 42)), 'ups'), /UPS: regex is not a string/);
    assert.throws(() => readCourierData(broken((d) => (d.tracking_numbers[0]!.regex = '(?<x>1Z')), 'ups'), /UPS: regex does not compile/);
    assert.throws(() => readCourierData(broken((d) => (d.tracking_numbers[0]!.validation = { checksum: { name: 'luhn' } })), 'ups'), /UPS: checksum luhn is not one the library computes/);
    assert.throws(() => readCourierData(broken((d) => delete d.tracking_numbers[1]!.validation), 'ups'), /UPS Waybill: no validation/);
  });
});

describe('tracking numbers: input and messages', () => {
  it('normalizes spaces, dashes and case', () => {
    assert.equal(normalizeTrackingNumber(' 1z 5r89-3903\t5756 7127 '), '1Z5R89390357567127');
    assert.equal(normalizeTrackingNumber('9400–1112–0620 6406 2607 87'), '9400111206206406260787');
    const check = checkTrackingNumber('ups', '1z5r8 939-0357 5671 27');
    assert.ok(check.ok);
    assert.equal(check.number, '1Z5R89390357567127');
    assert.equal(check.service, 'UPS United States Ground');
    assert.equal(check.url, 'https://wwwapps.ups.com/WebTracking/track?track=yes&trackNums=1Z5R89390357567127');
  });

  it('refuses what cannot be a tracking number at all', () => {
    for (const raw of ['', '   ', ' - ', '<script>alert(1)</script>', '<1Z5R89390357567127>', '1Z5R8939035756712.', '1Zſ89390357567127', 'x'.repeat(65), '1'.repeat(10_000)]) {
      assert.equal(normalizeTrackingNumber(raw), null, raw.slice(0, 30));
      assert.equal(recognizeTrackingNumber(raw), null, raw.slice(0, 30));
    }
    assert.equal(normalizeTrackingNumber('A'.repeat(64)), 'A'.repeat(64));
    // The longest upstream vector typed with a space between every digit (69 characters) is fine.
    assert.equal(normalizeTrackingNumber(' 4 2 0 1 0 2 8 2 0 0 0 0 9 2 6 1 2 9 0 1 1 3 1 8 5 4 1 7 4 6 8 5 1 0 '), '4201028200009261290113185417468510');
  });

  it('names the expected format when refusing, the way the brief words it', () => {
    assert.deepEqual(checkTrackingNumber('ups', '1Z123'), {
      ok: false,
      message: 'A UPS tracking number is 1Z followed by 16 letters and digits (like 1Z5R89390357567127), or on a waybill a letter followed by 10 digits (like K1506235620); 1Z123 is not one.',
    });
    for (const carrier of CARRIER_CODES) {
      const check = checkTrackingNumber(carrier, 'hello-world 42');
      assert.deepEqual(check, { ok: false, message: `A ${CARRIERS[carrier].name} tracking number is ${CARRIERS[carrier].expected}; HELLOWORLD42 is not one.` });
    }
  });

  it('gives a clean refusal for empty, overlong, HTML and garbage input, without echoing it', () => {
    const expected = CARRIERS.fedex.expected;
    const cases: [string, RegExp][] = [
      ['', /^Enter the FedEx tracking number\. A FedEx tracking number is /],
      ['  \t ', /^Enter the FedEx tracking number\./],
      ['9'.repeat(65), /^That is longer than any tracking number \(at most 64 letters and digits\)\. A FedEx tracking number is /],
      ['9 '.repeat(200), /^That is longer than any tracking number/],
      ['<img src=x onerror=alert(1)>', /^A tracking number has only letters and digits \(spaces and dashes are ignored\)\. A FedEx tracking number is /],
      ['98657878885\u0000', /^A tracking number has only letters and digits/],
      ['986578788855; DROP TABLE shipments', /^A tracking number has only letters and digits/],
    ];
    for (const [raw, pattern] of cases) {
      const check = checkTrackingNumber('fedex', raw);
      assert.equal(check.ok, false, raw);
      assert.match(check.message, pattern);
      assert.ok(check.message.endsWith(`${expected}.`), check.message);
      assert.ok(!check.message.includes('<') && !check.message.includes('DROP') && !check.message.includes('99999999'), check.message);
    }
  });

  it('says which carrier a number belongs to when the merchant picked another', () => {
    const check = checkTrackingNumber('ups', '986578788855');
    assert.equal(check.ok, false);
    assert.match(check.message, /^986578788855 is a FedEx tracking number, not a UPS one: choose FedEx as the carrier, or check the number\. A UPS tracking number is 1Z/);
    const dhl = checkTrackingNumber('usps', '3318810025');
    assert.match(dhl.ok ? '' : dhl.message, /^3318810025 is a DHL tracking number, not a USPS one/);
  });

  it('refuses a carrier we do not ship with', () => {
    const check = checkTrackingNumber('royalmail' as CarrierCode, '1Z5R89390357567127');
    assert.deepEqual(check, { ok: false, message: 'We do not ship with a carrier called "royalmail".' });
  });

  it('requireTrackingNumber returns the match or throws a 400 invalid-tracking-number problem with the message', () => {
    const match = requireTrackingNumber('dhl', 'JJD 0099 9999 99');
    assert.deepEqual(match, { carrier: 'dhl', format: 'DHL Express (Piece ID)', service: null, number: 'JJD0099999999', url: 'https://www.dhl.com/en/express/tracking.html?brand=DHL&AWB=JJD0099999999' });
    assert.throws(
      () => requireTrackingNumber('ups', '1Z123'),
      (error: unknown) => {
        assert.ok(error instanceof Problem);
        assert.equal(error.status, 400);
        assert.equal(error.type, 'invalid-tracking-number');
        assert.equal(error.title, 'That is not a valid tracking number');
        assert.match(error.detail ?? '', /^A UPS tracking number is 1Z followed by 16 letters and digits .*; 1Z123 is not one\.$/);
        assert.deepEqual(error.extensions, { carrier: 'ups' });
        return true;
      },
    );
  });

  it('recognises the service a number carries when the data names it', () => {
    assert.equal(recognizeTrackingNumber('1Z879E930346834440')?.service, 'UPS United States Ground'); // 1Z, shipper 879E93, service 03
    assert.equal(recognizeTrackingNumber('J4603636537')?.service, 'UPS Next Day Express');
    assert.equal(recognizeTrackingNumber('9400111206206406260787')?.service, null); // IMpb N's data names no service types
    assert.equal(recognizeTrackingNumber('986578788855')?.service, null); // FedEx Express (12) has no service field
    assert.equal(recognizeTrackingNumber('1ZXX3150YW44070023')?.service, 'UPS SurePost - Delivered by the USPS');
    assert.equal(recognizeTrackingNumber('K1506235620')?.service, 'UPS Ground');
    assert.equal(recognizeTrackingNumber('0307 1790 0005 2348 3741')?.service, 'Delivery Confirmation'); // "03" matches the regex 0[34]
  });
});

describe('tracking numbers: links', () => {
  it('link the carrier’s public page with the number', () => {
    assert.equal(trackingUrl('fedex', '9865 7878 8855'), 'https://www.fedex.com/apps/fedextrack/?tracknumbers=986578788855');
    assert.equal(trackingUrl('usps', '9400111206206406260787'), 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111206206406260787');
  });

  it('drop the 420 + ZIP routing code a USPS barcode puts in front of the number', () => {
    assert.equal(trackingUrl('usps', '420787459400111206206406260787'), 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111206206406260787');
    assert.equal(trackingUrl('usps', '420 22153 9101026837331000039521'), 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9101026837331000039521');
    assert.equal(recognizeTrackingNumber('4201002334249200190132607600833457')?.url, 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9200190132607600833457');
  });

  it('link a FedEx ASTRA barcode by the FedEx Express number it carries (positions 17–28)', () => {
    const url = trackingUrl('fedex', '32971514560102447849175802862014');
    assert.equal(url, 'https://www.fedex.com/apps/fedextrack/?tracknumbers=784917580286');
    assert.equal(recognizeTrackingNumber('784917580286')?.format, 'FedEx Express (12)');
  });

  it('still link a number that does not check, encoded', () => {
    assert.equal(trackingUrl('ups', '1z-123'), 'https://wwwapps.ups.com/WebTracking/track?track=yes&trackNums=1Z123');
    assert.equal(trackingUrl('dhl', ' a&b=c <x> '), 'https://www.dhl.com/en/express/tracking.html?brand=DHL&AWB=a%26b%3Dc%20%3Cx%3E');
  });
});

describe('tracking numbers: generated for the carrier simulator', () => {
  for (const carrier of CARRIER_CODES) {
    it(`${carrier}: 200 generated numbers are valid ${carrier} numbers and recognised as ${carrier}`, () => {
      const random = seeded(7 + carrier.length);
      const numbers = new Set<string>();
      for (let i = 0; i < 200; i++) {
        const number = generateTrackingNumber(carrier, random);
        const check = checkTrackingNumber(carrier, number);
        assert.ok(check.ok, `${number}: ${check.ok ? '' : check.message}`);
        assert.equal(check.number, number);
        const recognised = recognizeTrackingNumber(number);
        assert.equal(recognised?.carrier, carrier, number);
        assert.deepEqual(recognised?.alsoMatches, [], number);
        numbers.add(number);
      }
      assert.equal(numbers.size, 200);
    });
  }

  it('are reproducible with a seeded random, and use Math.random otherwise', () => {
    const run = (seed: number) => CARRIER_CODES.flatMap((carrier) => Array.from({ length: 5 }, (_, i) => generateTrackingNumber(carrier, seeded(seed * 100 + i))));
    assert.deepEqual(run(1), run(1));
    assert.notDeepEqual(run(1), run(2));
    assert.ok(checkTrackingNumber('ups', generateTrackingNumber('ups')).ok);
  });

  it('refuse a random source outside [0, 1)', () => {
    assert.throws(() => generateTrackingNumber('ups', () => 1), RangeError);
    assert.throws(() => generateTrackingNumber('fedex', () => -0.5), RangeError);
    assert.throws(() => generateTrackingNumber('dhl', () => Number.NaN), /random\(\) must return a number in \[0, 1\), not NaN/);
  });

  it('complete a body with its check digit, and say so when no digit can make it valid', () => {
    assert.equal(completeWithCheckDigit('dhl', '331881002'), '3318810025');
    assert.equal(completeWithCheckDigit('ups', '1Z5R8939035756712'), '1Z5R89390357567127');
    assert.throws(() => completeWithCheckDigit('ups', '2Z5R8939035756712'), /no check digit makes 2Z5R8939035756712 a valid ups tracking number/);
  });
});
