import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErasureResult, SubjectRecords, SubjectSearch } from '../../../shared/data-protection';
import { dataProtectionApi } from '../../api/data-protection';
import { FormHeading } from '../../components/FormHeading';
import { problemMessage } from '../../lib/problemMessage';
import { AdminPage } from '../AdminPage';
import { CorrectionDialog } from './CorrectionDialog';
import { ErasureForm } from './ErasureForm';
import { SearchForm } from './SearchForm';
import { type Correction, SubjectTables } from './SubjectTables';

/** What a search found, and the search, to show the records again after a change. */
interface Found {
  search: SubjectSearch;
  records: SubjectRecords;
  /** Counts every search, so the result's heading is new (and takes focus) each time. */
  round: number;
}

const countOf = (r: SubjectRecords) => r.appointments.length + r.visits.length + r.outboxMessages.length;

/**
 * /admin/data-protection: citizens' data-protection requests for the data-protection officer and
 * admins: find a citizen's records, hand out everything stored (Art. 15), correct them (Art. 16), erase
 * them early (Art. 17); and the records of processing (Art. 30) to file.
 */
export function DataProtectionPage() {
  const { t } = useTranslation();
  const [found, setFound] = useState<Found | null>(null);
  const [correction, setCorrection] = useState<Correction | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const show = (search: SubjectSearch, records: SubjectRecords) =>
    setFound((before) => ({ search, records, round: (before?.round ?? 0) + 1 }));
  // After a correction or an erasure the list shows what is stored now.
  const reload = async (message: string) => {
    setStatus(message);
    if (!found) return;
    try {
      show(found.search, await dataProtectionApi.search(found.search));
    } catch (error) {
      setProblem(problemMessage(error, t));
    }
  };
  const erased = (result: ErasureResult) =>
    void reload(
      t('dataProtection.erasure.done', {
        records: result.appointments + result.visits + result.outboxMessages,
        protocols: result.protocolsPseudonymised,
      }),
    );

  return (
    <AdminPage section="dataProtection" canWrite status={status} problem={problem}>
      <SearchForm
        onFound={(search, records) => {
          setStatus(null);
          setProblem(null);
          show(search, records);
        }}
      />
      {found ? (
        <section className="stack" aria-labelledby="dp-result-heading">
          <FormHeading
            key={found.round}
            id="dp-result-heading"
            focus
            text={t('dataProtection.records.heading', { count: countOf(found.records) })}
          />
          {countOf(found.records) === 0 ? (
            <p className="kern-body">{t('dataProtection.records.nothing')}</p>
          ) : (
            <>
              <SubjectTables records={found.records} onCorrect={setCorrection} />
              <h3 className="kern-heading-small">{t('dataProtection.access.heading')}</h3>
              <p className="kern-body">{t('dataProtection.access.intro')}</p>
              <p className="kern-body">
                <a className="kern-link" href={dataProtectionApi.exportUrl(found.records)} download>
                  {t('dataProtection.access.download')}
                </a>
              </p>
              <ErasureForm key={found.round} records={found.records} onErased={erased} />
            </>
          )}
        </section>
      ) : null}
      {correction ? (
        <CorrectionDialog
          key={correction.record.id}
          correction={correction}
          onClose={() => setCorrection(null)}
          onDone={() => {
            setCorrection(null);
            void reload(t('dataProtection.correction.done'));
          }}
        />
      ) : null}
      <section className="stack" aria-labelledby="dp-processing-heading">
        <h2 id="dp-processing-heading" className="kern-heading-medium">
          {t('dataProtection.processing.heading')}
        </h2>
        <p className="kern-body">{t('dataProtection.processing.intro')}</p>
        <p className="kern-body">
          <a className="kern-link" href={dataProtectionApi.processingRecordsUrl} download>
            {t('dataProtection.processing.download')}
          </a>
        </p>
      </section>
    </AdminPage>
  );
}
