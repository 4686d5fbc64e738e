/**
 * The records of processing activities (GDPR Art. 30(1)) of one authority's use of Amtsraum, built from
 * its actual settings: what is stored, for what, about whom, who sees it, where it goes and how long it
 * is kept. Pure, so that a change of a setting shows in the document (and in its test) at once.
 */

/** The settings and facts the document is made from (loaded by routes.ts). */
export interface ProcessingFacts {
  authority: string;
  retentionDays: number;
  protocolRetentionDays: number;
  /** Who signs in with a second factor: 'admins' (and data-protection officers) or 'everyone'. */
  secondFactor: 'admins' | 'everyone';
  /** Mails leave through an SMTP server (else they stay in the outbox for the admins). */
  smtp: boolean;
  smsGateway: boolean;
  activeApiKeys: number;
  activeWebhooks: number;
  /** Minutes a waiting citizen's place is kept after their page lost its connection. */
  disconnectGraceMinutes: number;
}

export interface ProcessingActivity {
  title: string;
  purpose: string;
  subjects: string;
  data: string;
  /** Roles of the authority's staff who see it, and recipients outside. */
  access: string;
  recipients: string;
  retention: string;
}

export interface ProcessingRecords {
  controller: string;
  activities: ProcessingActivity[];
  measures: string[];
}

const days = (n: number) => (n === 1 ? '1 Tag' : `${n} Tage`);

export function processingRecords(f: ProcessingFacts): ProcessingRecords {
  const citizenData = `${days(f.retentionDays)} nach dem Ende des Termins oder der Vorsprache; danach bleiben nur Zeiten und Status (ohne Namen) für die Statistik`;
  const caseSystems =
    f.activeApiKeys + f.activeWebhooks > 0
      ? `Fachverfahren der Behörde über die Schnittstelle (${f.activeApiKeys} aktive API-Schlüssel, ${f.activeWebhooks} Webhook-Empfänger)`
      : 'keine (kein Fachverfahren angebunden)';
  const mail = f.smtp ? 'Mailserver der Behörde (SMTP)' : 'keiner (Nachrichten bleiben im Postausgang)';
  const sms = f.smsGateway ? 'SMS-Dienst' : 'kein SMS-Dienst eingerichtet';
  return {
    controller: f.authority,
    activities: [
      {
        title: 'Terminvergabe',
        purpose: 'Vergabe, Bestätigung, Erinnerung, Verlegung und Absage von Terminen',
        subjects: 'Bürgerinnen und Bürger, die einen Termin buchen oder für die die Behörde bucht',
        data: 'Name, E-Mail-Adresse, Mobilnummer (freiwillig), Antworten auf die Fragen der Dienstleistung, Termin, Aktenzeichen des Fachverfahrens',
        access: 'Sachbearbeitung und Leitung der Büros; Administration; Datenschutzbeauftragte/r',
        recipients: `${caseSystems}; E-Mail: ${mail}; SMS: ${sms}`,
        retention: citizenData,
      },
      {
        title: 'Virtuelles Büro (Warteschlange)',
        purpose: 'Aufruf in der Reihenfolge des Eintreffens; Wartezeit anzeigen',
        subjects: 'Bürgerinnen und Bürger im Wartezimmer',
        data: `Angezeigter Name, Anliegen, Zeiten und Status; ein mit einem Geheimnis gebildeter Kennwert der Verbindung (keine IP-Adresse) nur während des Wartens; ein getrennter Platz wird ${f.disconnectGraceMinutes} Minuten gehalten`,
        access: 'Sachbearbeitung und Leitung der Büros; Administration; Datenschutzbeauftragte/r',
        recipients: 'keine',
        retention: citizenData,
      },
      {
        title: 'Videoberatung',
        purpose: 'Beratung per Video mit Chat, geteilten Dateien und gemeinsamem Formular',
        subjects: 'Bürgerinnen und Bürger; hinzugezogene Gäste (z. B. Dolmetschende)',
        data: 'Chatnachrichten, geteilte Dateien (verschlüsselt gespeichert), Formularantworten, Notizen der Sachbearbeitung, Bezeichnung der Gäste. Bild und Ton werden nicht gespeichert (Ende-zu-Ende zwischen den Geräten)',
        access: 'die Sachbearbeitung des Gesprächs; Leitung und Administration; Datenschutzbeauftragte/r',
        recipients: caseSystems,
        retention: `${days(f.retentionDays)} nach dem Ende des Gesprächs`,
      },
      {
        title: 'Gesprächsprotokolle',
        purpose:
          'Aktenführung der Behörde (Nachweis der Beratung), Übergabe an Fachverfahren oder E-Akte (xdomea)',
        subjects: 'Bürgerinnen und Bürger, die beraten wurden',
        data: 'Name, Anliegen, Zeiten, Ergebnis, Notizen, auf Wunsch der Chatverlauf, Formularantworten, Namen und Prüfsummen geteilter Dateien',
        access: 'Sachbearbeitung des Gesprächs, Leitung, Administration; Datenschutzbeauftragte/r',
        recipients: `${caseSystems}; E-Akte (xdomea-Export)`,
        retention: `${days(f.protocolRetentionDays)} nach der Erstellung; nach einer vorzeitigen Löschung pseudonymisiert`,
      },
      {
        title: 'Benachrichtigungen',
        purpose:
          'Bestätigungen, Erinnerungen, Aufruf-Hinweise und Zusammenfassungen an Bürgerinnen und Bürger',
        subjects: 'Bürgerinnen und Bürger mit Termin oder Zusammenfassungswunsch',
        data: 'Empfängeradresse oder Mobilnummer, Text der Nachricht (Links unkenntlich gemacht)',
        access: 'Administration (Postausgang); Datenschutzbeauftragte/r',
        recipients: `E-Mail: ${mail}; SMS: ${sms}`,
        retention: `${days(f.retentionDays)} nach dem Versand`,
      },
      {
        title: 'Bewertungen und Statistik',
        purpose: 'Qualität und Planung des Angebots',
        subjects: 'keine bestimmbaren Personen',
        data: 'Anonyme Bewertungen (Sterne, Kommentar) nach Büro und Tag; Kennzahlen ohne Namen',
        access: 'Leitung, Administration, Auswertung',
        recipients: 'keine',
        retention: 'solange die Behörde Amtsraum nutzt (keine personenbezogenen Daten)',
      },
      {
        title: 'Beschäftigtenkonten und Protokollierung',
        purpose: 'Anmeldung, Berechtigungen, Nachvollziehbarkeit von Änderungen (Audit-Trail)',
        subjects: 'Beschäftigte der Behörde',
        data: 'Name, dienstliche E-Mail-Adresse, Rolle, Büros, Anmeldefaktoren; Ereignisse mit Kennungen statt Namen',
        access: 'Administration; Leitung (Namen der Kolleginnen und Kollegen)',
        recipients: 'keine',
        retention:
          'Konten bis zu ihrer Löschung; Sitzungen 1 Tag nach der letzten Nutzung; Audit-Trail unveränderlich',
      },
    ],
    measures: [
      'Betrieb auf Servern der Behörde oder ihres IT-Dienstleisters; keine Dienste Dritter auf den Seiten der Bürgerinnen und Bürger',
      'Verschlüsselte Übertragung (HTTPS), Bild und Ton Ende-zu-Ende (WebRTC, DTLS-SRTP)',
      'Geteilte Dateien verschlüsselt (AES-256-GCM) mit einem Schlüssel außerhalb der Datenbank',
      `Zweiter Faktor bei der Anmeldung für ${f.secondFactor === 'everyone' ? 'alle Beschäftigten' : 'Administration und Datenschutzbeauftragte'}`,
      'Rollen und Rechte je Büro und Organisationseinheit; jede Abfrage auf die eigene Behörde beschränkt',
      'Fälschungssicherer Audit-Trail (verkettete, verschlüsselte Prüfsummen)',
      `Automatische Löschung nach ${days(f.retentionDays)}, Protokolle nach ${days(f.protocolRetentionDays)}`,
    ],
  };
}
