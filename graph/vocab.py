"""The newskg vocabulary as a typed class, mirrored from ``graph/ontology.ttl``.

``tests/graph/test_vocab.py`` checks that this class and the Turtle file name the same terms,
so the Turtle file stays the single source. A misspelt term raises ``AttributeError``.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["NKG", "NKG_NS", "ONTOLOGY_PATH", "ENTITY", "ARTICLE", "STATEMENT", "EVENT", "REL"]


class NKG(DefinedNamespace):
    """Project terms: relations, provenance and event properties."""

    _fail = True

    Agreement: URIRef  # A ceasefire, truce, deal, accord, treaty, pact or joint statement between p
    Relation: URIRef  # An open relation read from text, named after its verb phrase; a sub-property
    agent: URIRef  # Who carried out the event (deployed, captured, stormed, withdrew, killed).
    argument: URIRef  # A further argument of the statement as text: time, place, quantity or manner
    broker: URIRef  # The subject brokers (arranges between other parties) the object agreement.
    capture: URIRef  # The subject takes control of the object place by force.
    charEnd: URIRef  # Offset just past the last character of the source sentence in the article tex
    charStart: URIRef  # Offset of the first character of the source sentence in the article text.
    confidence: URIRef  # A score between 0 and 1 of how likely the statement is correctly read; fil
    contentHash: URIRef  # SHA-256 of the article text; an article with a stored hash is not ingeste
    dateText: URIRef  # The date expression of the text (on Tuesday, by December 1) before resolutio
    demonym: URIRef  # An adjective or demonym tied to a country (Armenian for Armenia).
    deploy: URIRef  # The subject sends troops, forces or peacekeepers to the object place.
    eventType: URIRef  # The kind of event or agreement as a word: ceasefire, deal, deploy, sign, ca
    jobTitle: URIRef  # A title or role the text gives a person (Prime Minister, spokesman, Speaker
    kill: URIRef  # The subject causes the death of the object.
    leads: URIRef  # The subject heads the object country, government or organisation (president, pr
    locatedIn: URIRef  # The subject place lies within the object place.
    mediate: URIRef  # The subject mediates the object agreement or conflict.
    mediator: URIRef  # Who brokered or mediated the agreement.
    memberOf: URIRef  # The subject holds a post in, works for or belongs to the object (minister, s
    mentionCount: URIRef  # How many times the entity is mentioned in the article graph that states
    mergeEvidence: URIRef  # Why a surface form was merged into this entity (short name, spelling va
    modality: URIRef  # The modal verb qualifying the relation (could, may, must, should, will, woul
    negated: URIRef  # True when the sentence denies the relation (did not sign).
    party: URIRef  # A country, organisation or person bound by the agreement or taking part in the
    provision: URIRef  # A term of the agreement as a sentence of the text.
    quantity: URIRef  # An amount the text gives for the event, as written (1,960 servicemen; 90 arm
    relatedTo: URIRef  # Super-property of every relation newskg extracts between two entities.
    relationText: URIRef  # The relation phrase as written in the sentence.
    reported: URIRef  # True when the relation comes from reported speech rather than the article's
    said: URIRef  # The subject said, announced or confirmed something about the object.
    sameAs: URIRef  # The text states that the subject is also known by the name of the object.
    sentence: URIRef  # The source sentence a statement was read from, verbatim.
    sign: URIRef  # The subject signs the object agreement.
    signatory: URIRef  # A person, country or organisation that signed the agreement.
    sourceFile: URIRef  # The file the article was read from.
    speaker: URIRef  # Who said, announced or confirmed the statement, when it comes from reported s
    storm: URIRef  # The subject forces its way into the object building or place.
    support: URIRef  # The subject backs or stands behind the object.
    target: URIRef  # What or whom the event was done to, or where it was directed.
    trigger: URIRef  # The word in the text that names the event or agreement.
    withdraw: URIRef  # The subject pulls its forces out of the object place.

    _NS = Namespace("https://w3id.org/newskg/ns#")


NKG_NS = str(NKG._NS)
ENTITY = Namespace("https://w3id.org/newskg/id/")
ARTICLE = Namespace("https://w3id.org/newskg/article/")
STATEMENT = Namespace("https://w3id.org/newskg/statement/")
EVENT = Namespace("https://w3id.org/newskg/event/")
REL = Namespace("https://w3id.org/newskg/rel/")


def _ontology_path():
    from importlib.resources import files

    return files("graph") / "ontology.ttl"


ONTOLOGY_PATH = _ontology_path()
