import { Link, Text } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { AppLink } from './AppLink';

/** Where each blocker is fixed in the console, when it is fixed here and not by the operator. */
const fixes: Record<string, string> = {
  partner_agreement_not_accepted: '/settings/agreements',
};

export interface BlockerWords {
  title: string;
  fix: string;
  /** The console page where it is fixed, and the words of the link to it. */
  action?: { to: string; label: string };
}

/**
 * The program's words by their codes, in the console's language: a blocker (the reason a partner
 * cannot transact yet) and an agreement's name, never the server's English `detail` or its slug.
 * A blocker code the console does not know yet reads as the matching error code's message, and
 * only failing that as the server's sentence.
 */
export function useProgramWords() {
  const { t, i18n } = useTranslation(['settings', 'errors']);
  return {
    blocker(b: { code: string; detail: string }): BlockerWords {
      const known = i18n.exists(`settings:programInfo.blocker.${b.code}.title`);
      const title = known
        ? t(`settings:programInfo.blocker.${b.code}.title`)
        : i18n.exists(`errors:codes.${b.code}`)
          ? t(`errors:codes.${b.code}`)
          : b.detail;
      const fix = known ? t(`settings:programInfo.blocker.${b.code}.fix`) : '';
      const to = fixes[b.code];
      return to && known
        ? { title, fix, action: { to, label: t(`settings:programInfo.blocker.${b.code}.action`) } }
        : { title, fix };
    },
    agreement(type: string): string {
      return t(`settings:agreements.type.${type}`, { defaultValue: type });
    },
  };
}

/** A reason the partner cannot transact yet: what it is, how to fix it (with a link where the console fixes it), and its rule. */
export function Blocker({ blocker }: { blocker: { code: string; detail: string; rule: string } }) {
  const { t } = useTranslation();
  const words = useProgramWords().blocker(blocker);
  return (
    <>
      <Text weight="semibold">{words.title}</Text> {words.fix && <>{words.fix} </>}
      {words.action && (
        <>
          <AppLink to={words.action.to}>{words.action.label}</AppLink>{' '}
        </>
      )}
      <Link href={`/rules#${blocker.rule.toLowerCase()}`} target="_blank" rel="noreferrer">
        {t('common:problems.rule', { rule: blocker.rule })}
      </Link>
    </>
  );
}
