// The store's policies in plain words. Default texts; the merchant edits them once settings land.

export interface Policy {
  slug: string;
  title: string;
  paragraphs: string[];
}

export const policies: Policy[] = [
  {
    slug: 'shipping',
    title: 'Delivery',
    paragraphs: [
      'Before you pay, every product and every line of your cart shows whether it is in stock and the dates it will arrive between. If something is backordered, you see when it will ship before you give us any card details.',
      'Once your order ships, your order page shows the carrier, the tracking number and every step of the journey, and we email you at each step.',
    ],
  },
  {
    slug: 'returns',
    title: 'Returns',
    paragraphs: [
      'You can return an item within 30 days of delivery. Start a return from your order page or ask a person through the help page.',
      'We credit you as soon as your return is recorded, not weeks later.',
    ],
  },
  {
    slug: 'privacy',
    title: 'Privacy',
    paragraphs: [
      'We keep what you give us only to deliver your order and answer your questions. Card details are typed into our payment provider’s own form and never reach our servers.',
      'We email you about your orders and requests. Promotional content is optional and you can switch it off in one click.',
    ],
  },
];
