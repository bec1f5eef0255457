/**
 * The cloud ID a scoped token's requests carry (`api.atlassian.com/ex/{product}/{cloudId}`):
 * - found from the site when the run has none (ATL_SCOPED=1 without ATL_CLOUD_ID), as login does,
 *   from `<site>/_edge/tenant_info`, asked without credentials; kept for the run only, never written;
 * - checked when the gateway answers 404: it does so for a cloud ID it knows no site for, and the
 *   usual cause is an organization ID (admin.atlassian.com/o/<id>), a UUID that looks the same.
 */
import { AtlError } from '../errors.js';
import type { ClientMaker, HttpClient } from '../http/types.js';
import { mapClientErrors } from './scopes.js';
import { discoverCloudId } from './site.js';
import type { Profile } from './types.js';

export type CloudTarget = Pick<Profile, 'site' | 'scoped' | 'cloudId' | 'insecure'>;

/** Per client maker (one per run), each site's answer, so a run asks a site at most once. */
const answers = new WeakMap<ClientMaker, Map<string, Promise<string>>>();

/** The site's cloud ID from `/_edge/tenant_info`, asked without credentials, once per run. */
export function siteCloudId(site: string, make: ClientMaker, insecure = false): Promise<string> {
  let bySite = answers.get(make);
  if (!bySite) answers.set(make, (bySite = new Map()));
  let answer = bySite.get(site);
  if (!answer) {
    answer = discoverCloudId(site, () => make({ baseUrl: site, auth: null, insecure }));
    bySite.set(site, answer);
  }
  return answer;
}

const tenantInfo = (site: string): string => `${site.replace(/\/+$/, '')}/_edge/tenant_info`;

/** A scoped target without a cloud ID gets its site's; any other target is returned as it is. */
export async function withCloudId<T extends CloudTarget>(target: T, make: ClientMaker): Promise<T> {
  if (!target.scoped || target.cloudId) return target;
  try {
    return { ...target, cloudId: await siteCloudId(target.site, make, target.insecure === true) };
  } catch (err) {
    if (!(err instanceof AtlError) || err.code !== 'usage') throw err;
    throw new AtlError(
      'usage',
      `${err.message}, which a scoped token needs (its requests go through api.atlassian.com/ex/<product>/<cloud ID>)`,
      {
        hint: `set ATL_CLOUD_ID (or log in with --cloud-id) to the site's cloud ID, the UUID that ${tenantInfo(target.site)} shows`,
        cause: err,
      },
    );
  }
}

/** The gateway's own 404 body, `{"code":404,"message":"Not Found"}`, as the HTTP client words it. */
const BARE_GATEWAY_404 = 'Not Found (HTTP 404)';

/**
 * Why a gateway 404 happened, when the cloud ID is to blame: asks the site for its cloud ID and,
 * when that differs, says which ID belongs there. Returns `err` itself for a real 404 (the cloud ID
 * is right: an issue or a page is missing).
 */
export async function explainGateway404(err: AtlError, target: CloudTarget & { cloudId: string }, make: ClientMaker): Promise<AtlError> {
  let actual: string | null;
  try {
    actual = await siteCloudId(target.site, make, target.insecure === true);
  } catch {
    actual = null;
  }
  if (actual === target.cloudId) return err;
  const alike = 'an organization ID (the one in admin.atlassian.com/o/<id>) looks alike but does not belong there';
  if (actual === null) {
    if (err.message !== BARE_GATEWAY_404) return err;
    return new AtlError(err.code, err.message, {
      status: 404,
      hint: `the gateway answers 404 for a cloud ID it knows no site for: check that ${target.cloudId} is the cloud ID of ${target.site}, the UUID that ${tenantInfo(target.site)} shows; ${alike}`,
      cause: err,
    });
  }
  // No `status`: this is the profile's mistake, not a missing product (`auth test` reads a 404 so).
  return new AtlError(
    'config',
    `the gateway knows no site with cloud ID ${target.cloudId} (HTTP 404): that is not the cloud ID of ${target.site}`,
    {
      hint: `the cloud ID of ${target.site} is ${actual} (from ${tenantInfo(target.site)}); ${alike}. Use ${actual}: --cloud-id ${actual} at login, or ATL_CLOUD_ID=${actual}`,
      cause: err,
    },
  );
}

/** A gateway client whose 404s say when the cloud ID is the reason (see explainGateway404). */
export function withCloudIdCheck(client: HttpClient, target: CloudTarget, make: ClientMaker): HttpClient {
  const { cloudId } = target;
  if (!target.scoped || !cloudId) return client;
  return mapClientErrors(client, async (err) => {
    if (!(err instanceof AtlError) || err.status !== 404) throw err;
    throw await explainGateway404(err, { ...target, cloudId }, make);
  });
}
