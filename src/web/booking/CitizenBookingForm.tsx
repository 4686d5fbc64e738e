import { bookingApi } from '../api/booking';
import { ProofOfWorkStatus } from '../proof-of-work/ProofOfWorkStatus';
import { useProofOfWork } from '../proof-of-work/useProofOfWork';
import { type BookingDetails, BookingForm, type BookingFormProps } from './BookingForm';

interface CitizenBookingFormProps extends Omit<BookingFormProps, 'onSubmit' | 'children' | 'askConsent'> {
  tenantSlug: string;
  /** Sends the booking with the proof-of-work headers it must carry. */
  onSubmit(details: BookingDetails, headers: Record<string, string>): Promise<void>;
}

/** A citizen's booking: the form, with the proof of work solved in the background while they type. */
export function CitizenBookingForm({ tenantSlug, onSubmit, ...rest }: CitizenBookingFormProps) {
  const proof = useProofOfWork(bookingApi.bookingChallengePath(tenantSlug, rest.service.id));
  return (
    <BookingForm
      {...rest}
      askConsent
      onSubmit={(details) => proof.withProof((headers) => onSubmit(details, headers))}
    >
      <ProofOfWorkStatus proof={proof} />
    </BookingForm>
  );
}
