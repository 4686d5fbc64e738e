/**
 * The server's message when a booking asks for a kind (video, in person) its service does not offer;
 * the pages translate it. Kept apart from the schemas, so the pages' validation texts load no zod.
 */
export const KIND_NOT_OFFERED = 'this service is not offered this way';
