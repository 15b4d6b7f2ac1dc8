import { Badge, Button, Field, Input, MessageBar, MessageBarBody, Spinner, Text, Title3 } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSettings, useUpdateSettings, type Settings } from '../../../api/operator';
import { Form } from '../../../components/Page';
import { fieldError, formProblem, ProblemBar } from '../../../components/ProblemBar';
import { useFormat } from '../../../i18n/format';
import { useListStyles } from './listStyles';

/** A day given as YYYY-MM-DD falls on a Saturday or Sunday (in UTC, as business days are counted). */
const isWeekend = (day: string) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());

/**
 * The operator's holidays: the days, besides weekends, that are not business days, which the
 * review deadline of a move from direct bill skips (R-TRN-2). Days are added and removed here
 * and saved together.
 */
export function HolidaysPanel() {
  const { t } = useTranslation('operator');
  const settings = useSettings();
  if (settings.isPending) return <Spinner label={t('loading')} />;
  if (settings.error) return <ProblemBar error={settings.error} />;
  return <HolidaysForm settings={settings.data} />;
}

function HolidaysForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation('operator');
  const format = useFormat();
  const styles = useListStyles();
  const update = useUpdateSettings();
  const [holidays, setHolidays] = useState(() => [...settings.holidays].sort());
  const [day, setDay] = useState('');
  const taken = holidays.includes(day);
  const changed = holidays.join() !== settings.holidays.join();
  const add = () => {
    if (!day || taken) return;
    setHolidays([...holidays, day].sort());
    setDay('');
  };
  const save = () => {
    if (changed) update.mutate({ holidays }, { onSuccess: (saved) => setHolidays(saved.holidays) });
  };
  return (
    <>
      <Text as="p">{t('settings.holidays.intro', { count: settings.transitionReviewBusinessDays })}</Text>
      <Title3 as="h2">{t('settings.holidays.add')}</Title3>
      <Form label={t('settings.holidays.add')} onSubmit={add}>
        <div className={styles.add}>
          <Field
            label={t('settings.holidays.day')}
            validationMessage={taken ? t('settings.holidays.taken') : undefined}
            validationState={taken ? 'warning' : 'none'}
          >
            <Input type="date" value={day} onChange={(_e, d) => setDay(d.value)} />
          </Field>
          <Button type="submit" disabled={!day || taken}>
            {t('settings.holidays.addSubmit')}
          </Button>
        </div>
      </Form>
      <Title3 as="h2" id="holidays-title">
        {t('settings.holidays.title')}
      </Title3>
      <Form label={t('settings.holidays.title')} onSubmit={save}>
        <ProblemBar error={formProblem(update.error)} />
        {update.isSuccess && !changed && (
          <MessageBar intent="success">
            <MessageBarBody>{t('settings.saved')}</MessageBarBody>
          </MessageBar>
        )}
        {holidays.length === 0 ? (
          <Text>{t('settings.holidays.none')}</Text>
        ) : (
          <ul className={styles.list} aria-labelledby="holidays-title">
            {holidays.map((h, i) => {
              const error = fieldError(update.error, `/holidays/${i}`);
              return (
                <li key={h} className={styles.item}>
                  <Text className={styles.grow}>
                    <time dateTime={h}>{format.day(h)}</time>
                  </Text>
                  {isWeekend(h) && (
                    <Badge appearance="tint" color="informative">
                      {t('settings.holidays.weekend')}
                    </Badge>
                  )}
                  <Button
                    size="small"
                    aria-label={t('settings.holidays.removeLabel', { day: format.day(h) })}
                    onClick={() => setHolidays(holidays.filter((x) => x !== h))}
                  >
                    {t('settings.holidays.remove')}
                  </Button>
                  {error && (
                    <Text role="alert" className={styles.error}>
                      {error}
                    </Text>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {fieldError(update.error, '/holidays') && (
          <Text role="alert" className={styles.error}>
            {fieldError(update.error, '/holidays')}
          </Text>
        )}
        <Button type="submit" appearance="primary" disabled={!changed || update.isPending}>
          {t('settings.holidays.save')}
        </Button>
      </Form>
    </>
  );
}
