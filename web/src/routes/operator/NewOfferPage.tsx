import { Button, Input, Select } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCreateOffer, type NewOffer } from '../../api/commerce';
import { AppLink } from '../../components/AppLink';
import { FieldAlert } from '../../components/FieldAlert';
import { Form, Page } from '../../components/Page';
import { formProblem, ProblemBar } from '../../components/ProblemBar';

const kinds = ['license_subscription', 'perpetual_software', 'reservation'] as const;
const terms = ['P1M', 'P1Y', 'P3Y'] as const;
const cycles = ['monthly', 'annual'] as const;

/** A new offer of the catalog (R-CAT-1): its SKU, name, kind, term, billing cycle and quantity range; prices come next. */
export default function NewOfferPage() {
  const { t } = useTranslation('commerce');
  const navigate = useNavigate();
  const create = useCreateOffer();
  const [sku, setSku] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<NewOffer['kind']>('license_subscription');
  const [term, setTerm] = useState<NewOffer['term']>('P1Y');
  const [billingCycle, setBillingCycle] = useState<NewOffer['billingCycle']>('monthly');
  const [min, setMin] = useState('1');
  const [max, setMax] = useState('10000');
  const err = create.error;
  return (
    <Page
      title={t('offers.new.title')}
      intro={t('offers.new.intro')}
      actions={<AppLink to="/operator/offers">{t('offers.back')}</AppLink>}
    >
      <Form
        label={t('offers.new.title')}
        onSubmit={() =>
          create.mutate(
            {
              sku: sku.trim(),
              name: name.trim(),
              kind,
              term,
              billingCycle,
              minQuantity: Number(min),
              maxQuantity: Number(max),
            },
            { onSuccess: (offer) => void navigate(`/operator/offers/${offer.id}?created=1`) },
          )
        }
      >
        <FieldAlert label={t('offers.new.sku')} required hint={t('offers.new.skuHint')} error={err} path="/sku">
          <Input value={sku} onChange={(_e, d) => setSku(d.value)} />
        </FieldAlert>
        <FieldAlert label={t('offers.new.name')} required error={err} path="/name">
          <Input value={name} onChange={(_e, d) => setName(d.value)} />
        </FieldAlert>
        <FieldAlert label={t('offers.new.kind')} required error={err} path="/kind">
          <Select value={kind} onChange={(_e, d) => setKind(d.value as NewOffer['kind'])}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </Select>
        </FieldAlert>
        <FieldAlert label={t('offers.new.term')} required error={err} path="/term">
          <Select value={term} onChange={(_e, d) => setTerm(d.value as NewOffer['term'])}>
            {terms.map((x) => (
              <option key={x} value={x}>
                {t(`term.${x}`)}
              </option>
            ))}
          </Select>
        </FieldAlert>
        <FieldAlert label={t('offers.new.billingCycle')} required error={err} path="/billingCycle">
          <Select value={billingCycle} onChange={(_e, d) => setBillingCycle(d.value as NewOffer['billingCycle'])}>
            {cycles.map((x) => (
              <option key={x} value={x}>
                {t(`billing.${x}`)}
              </option>
            ))}
          </Select>
        </FieldAlert>
        <FieldAlert label={t('offers.new.minQuantity')} required error={err} path="/minQuantity">
          <Input type="number" inputMode="numeric" min={1} value={min} onChange={(_e, d) => setMin(d.value)} />
        </FieldAlert>
        <FieldAlert label={t('offers.new.maxQuantity')} required error={err} path="/maxQuantity">
          <Input type="number" inputMode="numeric" min={1} value={max} onChange={(_e, d) => setMax(d.value)} />
        </FieldAlert>
        <ProblemBar error={formProblem(err)} />
        <div>
          <Button type="submit" appearance="primary" disabled={create.isPending || !/^\d+$/.test(min) || !/^\d+$/.test(max)}>
            {t('offers.new.create')}
          </Button>
        </div>
      </Form>
    </Page>
  );
}
