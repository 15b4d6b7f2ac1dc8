import { isCompanyEmail } from 'company-email-validator';
import { postcodeValidator, postcodeValidatorExistsForCountry } from 'postcode-validator';

/** The legal business profile a partner enrolls with (R-ENR-1). */
export interface Profile {
  legalName: string | null;
  address: { line1: string; line2?: string | null; city: string; region?: string | null; postalCode?: string | null } | null;
  primaryContact: { name: string; email: string; phone: string } | null;
  supportContact: { email: string; phone: string; website?: string | null } | null;
  partnerId: string | null;
}

export interface ProfileProblem {
  path: string;
  message: string;
}

/** Countries whose postal addresses need a state, province or prefecture. */
const regionRequired = new Set(['US', 'CA', 'AU', 'BR', 'MX', 'IN', 'JP', 'CN', 'AR', 'MY', 'IT', 'ES']);
/** Countries whose addresses have no postal code. */
const noPostalCode = new Set([
  'AE',
  'AG',
  'AO',
  'BF',
  'BJ',
  'BO',
  'BS',
  'BW',
  'BZ',
  'CM',
  'DJ',
  'DM',
  'FJ',
  'GD',
  'GH',
  'GM',
  'GY',
  'HK',
  'IE',
  'JM',
  'KE',
  'KI',
  'KN',
  'LC',
  'MO',
  'MW',
  'NA',
  'QA',
  'RW',
  'SB',
  'SC',
  'SL',
  'SR',
  'SY',
  'TG',
  'TO',
  'TT',
  'TV',
  'TZ',
  'UG',
  'VU',
  'YE',
  'ZW',
]);

/** What is wrong with the parts of a profile given for a partner in `country`. */
export function profileProblems(country: string, profile: Partial<Profile>): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const address = profile.address;
  if (address) {
    const code = address.postalCode?.trim();
    if (!code && !noPostalCode.has(country))
      problems.push({ path: '/address/postalCode', message: `a postal code is required in ${country}` });
    if (code && postcodeValidatorExistsForCountry(country) && !postcodeValidator(code, country)) {
      problems.push({ path: '/address/postalCode', message: `"${code}" is not a postal code of ${country}` });
    }
    if (regionRequired.has(country) && !address.region?.trim()) {
      problems.push({ path: '/address/region', message: `the state, province or region is required in ${country}` });
    }
  }
  const email = profile.primaryContact?.email;
  if (email && !isCompanyEmail(email)) {
    problems.push({ path: '/primaryContact/email', message: 'use an address of your organization, not a free webmail one' });
  }
  return problems;
}

/** What a profile still lacks before an enrollment can be submitted (R-ENR-1, R-ENR-6). */
export function missingForEnrollment(profile: Profile): string[] {
  const missing: string[] = [];
  if (!profile.legalName) missing.push('legalName');
  if (!profile.address) missing.push('address');
  if (!profile.primaryContact) missing.push('primaryContact');
  if (!profile.supportContact) missing.push('supportContact');
  if (!profile.partnerId) missing.push('partnerId');
  return missing;
}
