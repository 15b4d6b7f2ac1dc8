import { Select } from '@fluentui/react-components';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMarkets } from '../api/markets';
import { useFormat } from '../i18n/format';

/** The countries of the operator's markets, named and sorted in the console's language. */
export function CountrySelect({
  value,
  onChange,
  placeholder,
}: {
  value: string;
  onChange: (code: string) => void;
  placeholder: string;
}) {
  const language = useTranslation().i18n.language;
  const format = useFormat();
  const markets = useMarkets();
  const countries = useMemo(() => {
    const seen = new Map<string, string>();
    for (const m of markets.data ?? []) if (!seen.has(m.countryCode)) seen.set(m.countryCode, format.country(m.countryCode));
    return [...seen].sort((a, b) => a[1].localeCompare(b[1], language));
  }, [markets.data, format, language]);
  return (
    <Select value={value} onChange={(_e, d) => onChange(d.value)}>
      <option value="" disabled>
        {placeholder}
      </option>
      {countries.map(([code, label]) => (
        <option key={code} value={code}>
          {label}
        </option>
      ))}
    </Select>
  );
}
