// GET /crm/v7/org: the organization the token belongs to, shaped like Zoho's Organization API
// sample (one object in `org`, ids as digit strings). The seed names the id and the company;
// the other ids are derived from them so the same seed always answers the same body.
import type { ApiRequest } from './api-context.js';
import { ok, type ZohoAnswer } from './zoho-answers.js';

/** An 8-digit number derived from a Zoho id, like Zoho's zgid and primary_zuid. */
function shortId(id: string): string {
  return String(10_000_000n + (BigInt(id) % 90_000_000n));
}

export function getOrg(request: ApiRequest): ZohoAnswer {
  const { orgId, orgName, user } = request.parts.state;
  const zgid = shortId(orgId);
  return ok({
    org: [
      {
        country: null,
        photo_id: null,
        city: null,
        description: null,
        mc_status: false,
        gapps_enabled: false,
        domain_name: `org${zgid}`,
        translation_enabled: false,
        street: null,
        alias: null,
        currency: 'US Dollar',
        id: orgId,
        state: null,
        fax: null,
        employee_count: '1',
        zip: null,
        website: null,
        currency_symbol: '$',
        mobile: null,
        currency_locale: 'en_US',
        primary_zuid: shortId(user.id),
        zia_portal_id: null,
        time_zone: 'Etc/UTC',
        zgid,
        country_code: 'US',
        license_details: {
          paid_expiry: null,
          users_license_purchased: 3,
          trial_type: null,
          trial_expiry: null,
          paid: true,
          paid_type: 'enterprise',
        },
        phone: null,
        company_name: orgName,
        privacy_settings: false,
        primary_email: user.email,
        iso_code: 'USD',
      },
    ],
  });
}
