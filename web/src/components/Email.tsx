import { Link, Text } from '@fluentui/react-components';

/** An e-mail address as a person uses it: a mailto link, broken anywhere on a narrow screen. */
export function Email({ address }: { address: string | null | undefined }) {
  if (!address) return <>—</>;
  return (
    <Link href={`mailto:${address}`} style={{ overflowWrap: 'anywhere' }}>
      {address}
    </Link>
  );
}

/** A person to write to: their name, then their address as a mailto link (and a phone, when given). */
export function Contact({
  contact,
}: {
  contact: { name?: string | null; email: string; phone?: string | null } | null | undefined;
}) {
  if (!contact) return <>—</>;
  return (
    <span>
      {contact.name && <Text>{contact.name} </Text>}
      <Email address={contact.email} />
      {contact.phone && <Text> · {contact.phone}</Text>}
    </span>
  );
}
