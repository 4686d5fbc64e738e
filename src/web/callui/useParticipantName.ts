import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParticipantId } from '../../shared/realtime';

/** How one side calls the agent or the citizen, if not by their role (guests go by their label). */
export interface ParticipantNames {
  agent?: string | undefined;
  citizen?: string | undefined;
}

/**
 * Names someone in the consultation as this side shows them, beside a picture, a message or a file: the
 * agent and the citizen by the page's names or by their role, a guest by the label the agent gave
 * ("Gast" without one).
 */
export function useParticipantName({ agent, citizen }: ParticipantNames) {
  const { t } = useTranslation();
  return useCallback(
    (id: ParticipantId, label: string | null) =>
      id.startsWith('agent:')
        ? (agent ?? t('guests.names.agent'))
        : id.startsWith('citizen:')
          ? (citizen ?? t('guests.names.citizen'))
          : label || t('guests.defaultName'),
    [agent, citizen, t],
  );
}
