import { z } from 'zod';

/** Roles are granted at an organisation and cover its subtree. */
export const ROLES = ['sysadmin', 'org_admin', 'discipline', 'secretary', 'member', 'leader'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const ORG_KINDS = ['committee', 'general_branch', 'branch', 'group'] as const;
export const orgKindSchema = z.enum(ORG_KINDS);
export type OrgKind = z.infer<typeof orgKindSchema>;

export const PARTY_STATUSES = ['full', 'probationary', 'activist', 'candidate', 'applicant', 'non_member'] as const;
export const partyStatusSchema = z.enum(PARTY_STATUSES);
export type PartyStatus = z.infer<typeof partyStatusSchema>;
