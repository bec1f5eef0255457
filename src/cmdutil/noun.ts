/** What a listing lists, as its flags' help and its messages name it. */
export interface ListingNoun {
  one: string;
  many: string;
}
