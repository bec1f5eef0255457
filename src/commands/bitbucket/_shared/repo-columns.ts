import type { NamedColumns } from '../../../cmdutil/columns.js';
import type { Repository } from '../../../bitbucket/repos.js';
import type { CloudRepository, DcRepository } from '../../../bitbucket/types.js';
import { shortDate } from './output.js';

const cloud = (r: Repository): CloudRepository => r as CloudRepository;
const dc = (r: Repository): DcRepository => r as DcRepository;
const isCloud = (r: Repository): boolean => 'full_name' in r || 'is_private' in r;

/** Columns of `repo list`, for both flavours' repository objects. */
export const REPO_COLUMNS: NamedColumns<Repository> = {
  name: {
    header: 'NAME',
    value: (r) => (isCloud(r) ? (cloud(r).full_name ?? cloud(r).slug ?? '') : `${dc(r).project?.key ?? ''}/${dc(r).slug}`),
  },
  visibility: {
    header: 'VISIBILITY',
    value: (r) => (isCloud(r) ? (cloud(r).is_private ? 'private' : 'public') : dc(r).public ? 'public' : 'private'),
  },
  description: { header: 'DESCRIPTION', value: (r) => (r.description ?? '').split('\n')[0]!, flexible: true },
  updated: { header: 'UPDATED', value: (r) => shortDate(cloud(r).updated_on) },
  project: { header: 'PROJECT', value: (r) => r.project?.key ?? '' },
  slug: { header: 'SLUG', value: (r) => r.slug ?? '' },
};
