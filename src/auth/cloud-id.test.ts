import { describe, expect, test } from 'vitest';
import { httpError } from '../http/errors.js';
import { explainGateway404, siteCloudId, withCloudId, withCloudIdCheck } from './cloud-id.js';
import { atlErrorOf, fakeMaker } from '../testkit/fakes.testutil.js';

const SITE = 'https://acme.atlassian.net';
const CLOUD_ID = '11111111-2222-4333-8444-555555555555';
const ORG_ID = '9a8b7c6d-0000-4000-8000-00000000000f';
const scoped = { site: SITE, scoped: true, cloudId: null };

/** The gateway's own answer for a cloud ID it knows no site for, as the HTTP client turns it into an error. */
const unknownCloud = (cloudId: string) => () => {
  throw httpError({
    status: 404,
    method: 'GET',
    url: new URL(`https://api.atlassian.com/ex/jira/${cloudId}/rest/api/3/myself`),
    body: '{"code":404,"message":"Not Found"}',
  });
};
const missingIssue = () => {
  throw httpError({
    status: 404,
    method: 'GET',
    url: new URL(`https://api.atlassian.com/ex/jira/${CLOUD_ID}/rest/api/3/issue/X-1`),
    body: '{"errorMessages":["Issue does not exist or you do not have permission to see it."],"errors":{}}',
  });
};

describe('withCloudId', () => {
  test("a scoped target without a cloud ID gets the site's, asked once per run without credentials", async () => {
    const make = fakeMaker({ [`${SITE}/_edge/tenant_info`]: () => ({ cloudId: CLOUD_ID }) });
    expect(await withCloudId(scoped, make)).toEqual({ ...scoped, cloudId: CLOUD_ID });
    expect(await withCloudId(scoped, make)).toEqual({ ...scoped, cloudId: CLOUD_ID });
    expect(make.calls).toEqual([{ baseUrl: SITE, auth: null, path: '/_edge/tenant_info' }]);
  });

  test('a target with a cloud ID, or not scoped, is left alone and asks nothing', async () => {
    const make = fakeMaker({});
    const given = { ...scoped, cloudId: CLOUD_ID };
    expect(await withCloudId(given, make)).toBe(given);
    const site = { ...scoped, scoped: false };
    expect(await withCloudId(site, make)).toBe(site);
    expect(make.calls).toEqual([]);
  });

  test('a site that does not say is exit 2 naming ATL_CLOUD_ID and tenant_info', async () => {
    const err = await atlErrorOf(withCloudId(scoped, fakeMaker({ [`${SITE}/_edge/tenant_info`]: () => ({}) })));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(`could not find the cloudId of ${SITE}`);
    expect(err.hint).toContain('ATL_CLOUD_ID');
    expect(err.hint).toContain(`${SITE}/_edge/tenant_info`);
  });
});

describe('a gateway 404 and the cloud ID', () => {
  const tenant = { [`${SITE}/_edge/tenant_info`]: () => ({ cloudId: CLOUD_ID }) };

  test("another ID than the site's (an organization ID): exit 2 saying which ID belongs there and where it comes from", async () => {
    const make = fakeMaker({ ...tenant, [`https://api.atlassian.com/ex/jira/${ORG_ID}/rest/api/3/myself`]: unknownCloud(ORG_ID) });
    const client = withCloudIdCheck(
      await make({ baseUrl: `https://api.atlassian.com/ex/jira/${ORG_ID}`, auth: null }),
      { ...scoped, cloudId: ORG_ID },
      make,
    );
    const err = await atlErrorOf(client.get('/rest/api/3/myself'));
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(`the gateway knows no site with cloud ID ${ORG_ID} (HTTP 404): that is not the cloud ID of ${SITE}`);
    expect(err.hint).toContain(`the cloud ID of ${SITE} is ${CLOUD_ID} (from ${SITE}/_edge/tenant_info)`);
    expect(err.hint).toContain('organization ID');
    expect(err.hint).toContain(`--cloud-id ${CLOUD_ID}`);
    expect(err.hint).toContain(`ATL_CLOUD_ID=${CLOUD_ID}`);
  });

  test('the right cloud ID: a real 404 (a missing issue) stays as it was', async () => {
    const make = fakeMaker({ ...tenant, [`https://api.atlassian.com/ex/jira/${CLOUD_ID}/rest/api/3/issue/X-1`]: missingIssue });
    const client = withCloudIdCheck(
      await make({ baseUrl: `https://api.atlassian.com/ex/jira/${CLOUD_ID}`, auth: null }),
      { ...scoped, cloudId: CLOUD_ID },
      make,
    );
    const err = await atlErrorOf(client.get('/rest/api/3/issue/X-1'));
    expect(err.exitCode).toBe(4);
    expect(err.message).toContain('Issue does not exist');
    expect(err.hint).toBeUndefined();
  });

  test("the site cannot be asked: the gateway's bare 404 gets the hint where to find the cloud ID; another 404 is left alone", async () => {
    const make = fakeMaker({});
    const bare = await atlErrorOf(Promise.resolve().then(unknownCloud(ORG_ID)));
    const explained = await explainGateway404(bare, { ...scoped, cloudId: ORG_ID }, make);
    expect(explained.exitCode).toBe(4);
    expect(explained.hint).toContain(`check that ${ORG_ID} is the cloud ID of ${SITE}, the UUID that ${SITE}/_edge/tenant_info shows`);
    expect(explained.hint).toContain('organization ID');
    const issue = await atlErrorOf(Promise.resolve().then(missingIssue));
    expect(await explainGateway404(issue, { ...scoped, cloudId: ORG_ID }, make)).toBe(issue);
  });

  test('a client that is not scoped is not wrapped', async () => {
    const make = fakeMaker({});
    const client = await make({ baseUrl: SITE, auth: null });
    expect(withCloudIdCheck(client, { site: SITE, scoped: false, cloudId: null }, make)).toBe(client);
  });
});

test('siteCloudId caches per maker and site, so each run asks once', async () => {
  const make = fakeMaker({ [`${SITE}/_edge/tenant_info`]: () => ({ cloudId: CLOUD_ID }) });
  await Promise.all([siteCloudId(SITE, make), siteCloudId(SITE, make)]);
  expect(make.calls).toHaveLength(1);
  const other = fakeMaker({ [`${SITE}/_edge/tenant_info`]: () => ({ cloudId: CLOUD_ID }) });
  expect(await siteCloudId(SITE, other)).toBe(CLOUD_ID);
  expect(other.calls).toHaveLength(1);
});
