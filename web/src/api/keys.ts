/**
 * Every query key of the console, from one factory: a mutation invalidates exactly the lists
 * and details it changed, and no page refetches by hand.
 */
export const keys = {
  me: ['me'] as const,
  programInfo: ['program-info'] as const,
  markets: ['markets'] as const,
  link: (token: string) => ['links', token] as const,
  mailbox: (to: string) => ['mailbox', to] as const,
};
