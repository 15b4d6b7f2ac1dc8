import { Dropdown, Field, Option } from '@fluentui/react-components';

const ANY = '__any__';

/** A list filter of one value or none ("any"), as list pages keep them in the address. */
export function FilterDropdown<T extends string>(props: {
  label: string;
  value: T | null | undefined;
  options: readonly T[];
  anyLabel: string;
  labelOf: (option: T) => string;
  onChange: (value: T | null) => void;
}) {
  const { label, value, options, anyLabel, labelOf, onChange } = props;
  return (
    <Field label={label}>
      <Dropdown
        value={value ? labelOf(value) : anyLabel}
        selectedOptions={[value ?? ANY]}
        onOptionSelect={(_e, d) => onChange(!d.optionValue || d.optionValue === ANY ? null : (d.optionValue as T))}
      >
        <Option value={ANY}>{anyLabel}</Option>
        {options.map((o) => (
          <Option key={o} value={o}>
            {labelOf(o)}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
