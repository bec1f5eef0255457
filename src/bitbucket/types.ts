/**
 * The fields atl reads from Bitbucket Cloud (`/2.0`) and Data Center (`/rest/api/1.0`) objects.
 * `--json` prints the objects whole, as the API returned them; these types name only what the
 * tables and checks use.
 */

export interface Link {
  href: string;
  name?: string;
}

/** Cloud `account`/`user`. */
export interface CloudUser {
  uuid?: string;
  account_id?: string;
  display_name?: string;
  nickname?: string;
  username?: string;
}

/** DC `RestApplicationUser`. */
export interface DcUser {
  name: string;
  slug?: string;
  displayName?: string;
  emailAddress?: string;
  id?: number;
  /** `SERVICE` for the bot user of a project or repository HTTP access token. */
  type?: 'NORMAL' | 'SERVICE';
}

export interface CloudRepository {
  slug?: string;
  name?: string;
  full_name?: string;
  uuid?: string;
  is_private?: boolean;
  description?: string;
  updated_on?: string;
  language?: string;
  mainbranch?: { name?: string } | null;
  project?: { key?: string; name?: string };
  workspace?: { slug?: string };
  links?: { html?: Link; clone?: Link[] };
}

export interface DcRepository {
  slug: string;
  name?: string;
  id?: number;
  public?: boolean;
  description?: string;
  project?: { key: string; name?: string };
  links?: { clone?: Link[]; self?: Link[] };
}

export interface CloudBranchRef {
  branch?: { name?: string; merge_strategies?: string[] };
  commit?: { hash?: string };
  repository?: CloudRepository;
}

export interface CloudParticipant {
  user?: CloudUser;
  role?: 'PARTICIPANT' | 'REVIEWER';
  approved?: boolean;
  state?: 'approved' | 'changes_requested' | null;
}

export interface CloudPullRequest {
  id: number;
  title?: string;
  description?: string;
  summary?: { raw?: string };
  state?: 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED' | 'DRAFT';
  draft?: boolean;
  author?: CloudUser;
  source?: CloudBranchRef;
  destination?: CloudBranchRef;
  reviewers?: CloudUser[];
  participants?: CloudParticipant[];
  close_source_branch?: boolean;
  comment_count?: number;
  task_count?: number;
  created_on?: string;
  updated_on?: string;
  links?: { html?: Link };
}

export interface DcRef {
  id: string;
  displayId?: string;
  latestCommit?: string;
  repository?: DcRepository;
}

export interface DcParticipant {
  user: DcUser;
  role?: 'AUTHOR' | 'REVIEWER' | 'PARTICIPANT';
  approved?: boolean;
  status?: 'APPROVED' | 'UNAPPROVED' | 'NEEDS_WORK';
}

export interface DcPullRequest {
  id: number;
  version: number;
  title?: string;
  description?: string;
  state?: 'OPEN' | 'MERGED' | 'DECLINED';
  draft?: boolean;
  open?: boolean;
  author?: DcParticipant;
  fromRef?: DcRef;
  toRef?: DcRef;
  reviewers?: DcParticipant[];
  participants?: DcParticipant[];
  createdDate?: number;
  updatedDate?: number;
  properties?: { commentCount?: number; openTaskCount?: number; resolvedTaskCount?: number; mergeResult?: { outcome?: string } };
  links?: { self?: Link[] };
}

/** A build status as both flavours report it (Cloud `commitstatus`, DC build status). */
export interface BuildStatus {
  key?: string;
  name?: string;
  state?: string;
  url?: string;
  refname?: string;
  description?: string;
  dateAdded?: number;
  updated_on?: string;
}
