/** Reading generated playbooks back with the `yaml` package: Ansible's `!unsafe` is a plain string tagged not-to-template. */
import type { ScalarTag } from 'yaml';

export const UNSAFE_TAG: ScalarTag = { tag: '!unsafe', resolve: (text: string) => text };
