// Builds Shopify product CSVs for the import tests.

export const HEADER = [
  'Handle',
  'Title',
  'Body (HTML)',
  'Vendor',
  'Type',
  'Tags',
  'Published',
  'Option1 Name',
  'Option1 Value',
  'Option2 Name',
  'Option2 Value',
  'Variant SKU',
  'Variant Grams',
  'Variant Inventory Tracker',
  'Variant Inventory Qty',
  'Variant Inventory Policy',
  'Variant Price',
  'Variant Compare At Price',
  'Image Src',
  'Image Position',
  'Variant Image',
  'Status',
] as const;

export type CsvRow = Partial<Record<(typeof HEADER)[number], string>>;

const quote = (value: string) =>
  /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

/** A CSV with the header above and one record per row (CRLF line breaks, like Shopify's). */
export function csvOf(rows: CsvRow[], header: readonly string[] = HEADER): Buffer {
  const lines = [
    header.join(','),
    ...rows.map((row) =>
      header.map((column) => quote(row[column as keyof CsvRow] ?? '')).join(','),
    ),
  ];
  return Buffer.from(lines.join('\r\n'));
}

/** The first row of a simple product with one variant. */
export function simpleProduct(handle: string, extra: CsvRow = {}): CsvRow {
  return {
    Handle: handle,
    Title: handle.replace(/-/g, ' '),
    Vendor: 'Test Vendor',
    Type: 'Thing',
    Published: 'true',
    'Option1 Name': 'Title',
    'Option1 Value': 'Default Title',
    'Variant Price': '10.00',
    'Variant Inventory Qty': '1',
    'Variant Inventory Policy': 'deny',
    ...extra,
  };
}
