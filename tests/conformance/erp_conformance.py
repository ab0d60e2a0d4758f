#!/usr/bin/python3
"""An ERP integration written from protos/ and the README alone, in another language than the portal.

Uses only the Python standard library, Debian's python3-grpcio and python3-protobuf, and stubs generated from
protos/ by protoc with grpc_python_plugin (Debian: protobuf-compiler, protobuf-compiler-grpc). Each check prints a
line; the first failed one ends the run with exit code 1.

    erp_conformance.py --web http://127.0.0.1:5080 --grpc 127.0.0.1:5081 --client-id ID --secret SECRET
"""

import argparse
import base64
import glob
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid

import grpc

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def generate_stubs(target):
    # google/type/date.proto is vendored into protos/ (python3-protobuf does not carry google.type).
    protos = sorted(glob.glob(os.path.join(REPO, "protos", "portal", "erp", "v1", "*.proto")) + glob.glob(os.path.join(REPO, "protos", "google", "type", "*.proto")))
    subprocess.run(
        ["protoc", "-I", os.path.join(REPO, "protos"), "-I", "/usr/include",
         "--python_out", target, "--grpc_python_out", target,
         "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin", *protos],
        check=True)
    sys.path.insert(0, target)


def token(web, client_id, secret, scope):
    """OAuth2 client credentials with HTTP Basic client authentication (RFC 6749 section 2.3.1)."""
    body = urllib.parse.urlencode({"grant_type": "client_credentials", "scope": scope}).encode()
    request = urllib.request.Request(web.rstrip("/") + "/connect/token", data=body, method="POST")
    basic = base64.b64encode(f"{urllib.parse.quote(client_id)}:{urllib.parse.quote(secret)}".encode()).decode()
    request.add_header("Authorization", "Basic " + basic)
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.load(response)
    check(answer.get("token_type", "").lower() == "bearer", f"token for {scope} is a bearer token")
    return answer["access_token"]


def check(condition, what):
    if not condition:
        print(f"FAILED: {what}", flush=True)
        sys.exit(1)
    print(f"ok: {what}", flush=True)


def status_of(call):
    try:
        call()
    except grpc.RpcError as error:
        return error.code(), error.details() or ""
    return grpc.StatusCode.OK, ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--web", required=True)
    parser.add_argument("--grpc", required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--stream-chunk", type=int, required=True, help="the portal's Portal:Sync:StreamChunkSize")
    args = parser.parse_args()

    generate_stubs(tempfile.mkdtemp(prefix="erp-stubs-"))
    from google.type import date_pb2
    from portal.erp.v1 import change_feed_pb2 as feed
    from portal.erp.v1 import common_pb2 as common
    from portal.erp.v1 import change_feed_pb2_grpc as feed_grpc
    from portal.erp.v1 import partnerships_pb2 as partnerships
    from portal.erp.v1 import quality_issues_pb2 as quality
    from portal.erp.v1 import partnerships_pb2_grpc as partnerships_grpc
    from portal.erp.v1 import sync_pb2 as sync
    from portal.erp.v1 import sync_pb2_grpc as sync_grpc

    channel = grpc.insecure_channel(args.grpc)
    sync_stub = sync_grpc.ErpSyncServiceStub(channel)
    run = uuid.uuid4().hex[:8]

    # An unauthenticated call is a gRPC status with a reason, not a bare HTTP 401.
    code, details = status_of(lambda: partnerships_grpc.PartnershipsServiceStub(channel).GetPartnership(partnerships.GetPartnershipRequest()))
    check(code == grpc.StatusCode.UNAUTHENTICATED and "access token" in details, f"no token: UNAUTHENTICATED ({details[:60]}...)")

    sync_auth = [("authorization", "Bearer " + token(args.web, args.client_id, args.secret, "erp.sync"))]
    read_auth = [("authorization", "Bearer " + token(args.web, args.client_id, args.secret, "erp.read"))]
    code, _ = status_of(lambda: feed_grpc.ChangeFeedServiceStub(channel).GetChanges(feed.GetChangesRequest(), metadata=sync_auth))
    check(code == grpc.StatusCode.PERMISSION_DENIED, "an erp.sync token reading the feed: PERMISSION_DENIED")

    currency = partnerships_grpc.PartnershipsServiceStub(channel).GetPartnership(partnerships.GetPartnershipRequest(), metadata=read_auth).currency_code
    check(len(currency) == 3, f"the partnership trades in {currency}")

    def day(iso):
        year, month, day_of_month = map(int, iso.split("-"))
        return date_pb2.Date(year=year, month=month, day=day_of_month)

    def money(amount_minor, currency_code=currency):
        return common.Money(amount_minor=amount_minor, currency_code=currency_code)

    created = sync.UPSERT_RESULT_CREATED
    item = sync.Item(external_id=f"PY-ITEM-{run}", revision=1, sku=f"PY-{run}", name="Conformance flow cell", unit="pcs")
    order = sync.PurchaseOrder(external_id=f"PY-PO-{run}", revision=1, number=f"PY-{run}", ordered_on=day("2026-11-02"),
                               lines=[sync.PurchaseOrderLine(line_no=1, item_external_id=item.external_id, quantity=10, unit_price=money(1250), due_on=day("2026-11-20"))])
    delivery = sync.Delivery(external_id=f"PY-GR-{run}", revision=1, delivered_on=day("2026-11-18"),
                             lines=[sync.DeliveryLine(line_no=1, purchase_order_external_id=order.external_id, purchase_order_line_no=1, quantity=10, lot="L1")])
    invoice = sync.Invoice(external_id=f"PY-INV-{run}", revision=1, number=f"PY-INV-{run}", purchase_order_external_id=order.external_id,
                           issued_on=day("2026-11-18"), due_on=day("2026-12-18"), amount=money(12500))
    payment = sync.Payment(external_id=f"PY-PAY-{run}", revision=1, invoice_external_id=invoice.external_id, paid_on=day("2026-11-25"), amount=money(12500))
    batches = [
        ("UpsertItems", sync.UpsertItemsRequest(request_id=f"py-items-{run}", items=[item])),
        ("UpsertPurchaseOrders", sync.UpsertPurchaseOrdersRequest(request_id=f"py-orders-{run}", purchase_orders=[order])),
        ("UpsertDeliveries", sync.UpsertDeliveriesRequest(request_id=f"py-deliveries-{run}", deliveries=[delivery])),
        ("UpsertInvoices", sync.UpsertInvoicesRequest(request_id=f"py-invoices-{run}", invoices=[invoice])),
        ("UpsertPayments", sync.UpsertPaymentsRequest(request_id=f"py-payments-{run}", payments=[payment])),
    ]
    # An amount in another currency than the partnership's is refused, with the field named, before anything is stored.
    foreign = "USD" if currency != "USD" else "EUR"
    wrong = sync.UpsertInvoicesRequest(request_id=f"py-foreign-{run}", invoices=[sync.Invoice(
        external_id=f"PY-INV-X-{run}", revision=1, number="X", issued_on=day("2026-11-18"), due_on=day("2026-12-18"), amount=money(100, foreign))])
    code, details = status_of(lambda: sync_stub.UpsertInvoices(wrong, metadata=sync_auth))
    check(code == grpc.StatusCode.INVALID_ARGUMENT, f"an invoice in {foreign}: INVALID_ARGUMENT ({details[:50]}...)")

    for method, request in batches:
        answer = getattr(sync_stub, method)(request, metadata=sync_auth)
        records = next(iter(field for field in request.ListFields() if field[0].name != "request_id"))[1]
        check([(r.external_id, r.result) for r in answer.results] == [(records[0].external_id, created)] and not answer.replayed,
              f"{method}: one record CREATED, named by its external_id")

    method, request = batches[0]
    replay = getattr(sync_stub, method)(request, metadata=sync_auth)
    check([r.result for r in replay.results] == [created] and replay.replayed, "the same call again: the first answer, replayed")

    changed = sync.UpsertItemsRequest(request_id=request.request_id, items=[sync.Item(external_id=item.external_id, revision=2, sku=item.sku, name="Changed", unit="pcs")])
    code, details = status_of(lambda: sync_stub.UpsertItems(changed, metadata=sync_auth))
    check(code == grpc.StatusCode.ALREADY_EXISTS, f"the same request_id with other records: ALREADY_EXISTS ({details[:50]}...)")

    # A stream broken after two chunks were acknowledged resumes after the stored position: nothing lost, nothing twice.
    stream_id = f"py-stream-{run}"
    total = 3 * args.stream_chunk
    items = [sync.Item(external_id=f"PY-S-{run}-{n}", revision=1, sku=f"PYS-{run}-{n}", name=f"Streamed {n}", unit="pcs") for n in range(1, total + 1)]
    envelopes = [sync.StreamUpsertsRequest(stream_id=stream_id, sequence=n, item=items[n - 1]) for n in range(1, total + 1)]
    hold = threading.Event()

    def first_part():
        yield from envelopes[: 2 * args.stream_chunk + 1]
        hold.wait(60)  # the connection drops here, with one envelope sent after the last full chunk

    broken = sync_stub.StreamUpserts.future(first_part(), metadata=sync_auth)
    position = 0
    deadline = time.monotonic() + 30
    while position < 2 * args.stream_chunk and time.monotonic() < deadline:
        time.sleep(0.1)
        position = sync_stub.GetStreamPosition(sync.GetStreamPositionRequest(stream_id=stream_id), metadata=sync_auth).last_acknowledged_sequence
    broken.cancel()
    hold.set()
    position = sync_stub.GetStreamPosition(sync.GetStreamPositionRequest(stream_id=stream_id), metadata=sync_auth).last_acknowledged_sequence
    check(position == 2 * args.stream_chunk, f"broken stream: position {position} after two acknowledged chunks")
    resumed = sync_stub.StreamUpserts(iter(envelopes[position:]), metadata=sync_auth)
    check((resumed.applied, resumed.created, resumed.last_acknowledged_sequence) == (total - position, total - position, total),
          f"resumed after {position}: {resumed.applied} applied, all created, acknowledged up to {resumed.last_acknowledged_sequence}")
    # Re-sent in batches of at most 1000 records (the portal's default Portal:Sync:MaxBatchSize).
    again = [r.result for start in range(0, total, 1000)
             for r in sync_stub.UpsertItems(sync.UpsertItemsRequest(request_id=f"py-check-{run}-{start}", items=items[start:start + 1000]),
                                            metadata=sync_auth).results]
    check(again == [sync.UPSERT_RESULT_UNCHANGED] * total, f"all {total} streamed items stored once (UNCHANGED on re-send)")

    # The feed, followed from a cursor saved between two runs of the client.
    feed_stub = feed_grpc.ChangeFeedServiceStub(channel)
    first = feed_stub.GetChanges(feed.GetChangesRequest(max_changes=2), metadata=read_auth)
    check(len(first.changes) == 2 and first.next_cursor, "feed: a first page of two changes and a cursor")
    cursor_file = os.path.join(tempfile.mkdtemp(prefix="erp-cursor-"), "feed.cursor")
    with open(cursor_file, "w", encoding="ascii") as saved:
        saved.write(first.next_cursor)
    with open(cursor_file, encoding="ascii") as saved:
        following = feed_stub.GetChanges(feed.GetChangesRequest(cursor=saved.read(), max_changes=2), metadata=read_auth)
    check(following.changes and following.changes[0].position == first.changes[-1].position + 1,
          f"feed: resumed from the saved cursor at position {following.changes[0].position if following.changes else '-'}")
    # A cursor is opaque and sealed: one character changed, it is refused as the caller's mistake.
    changed = first.next_cursor[:-3] + ("A" if first.next_cursor[-3] != "A" else "B") + first.next_cursor[-2:]
    code, details = status_of(lambda: feed_stub.GetChanges(feed.GetChangesRequest(cursor=changed), metadata=read_auth))
    check(code == grpc.StatusCode.INVALID_ARGUMENT, f"feed: a changed cursor is INVALID_ARGUMENT ({details[:50]}...)")

    # Each change carries its entity's typed record: integers as integers, states as the contract's enum names.
    change = first.changes[0]
    record_kind = change.WhichOneof("record")
    record = getattr(change, record_kind) if record_kind else None
    check(record is not None and feed.ChangeEntity.Name(change.entity) == "CHANGE_ENTITY_" + record_kind.upper(),
          f"feed: change {change.position} is {feed.ChangeEntity.Name(change.entity)} with its {record_kind} record")
    check(feed.ChangeAction.Name(change.action).startswith("CHANGE_ACTION_") and change.action != feed.CHANGE_ACTION_UNSPECIFIED,
          f"feed: the action is an enum, {feed.ChangeAction.Name(change.action)}")
    check(type(record.id) is int and record.id == change.entity_id, f"feed: the record's id is an integer ({record.id!r})")
    issue = next((c.quality_issue for c in list(first.changes) + list(following.changes) if c.WhichOneof("record") == "quality_issue"), None)
    check(issue is not None and type(issue.quantity_affected) is int and issue.severity != quality.SEVERITY_UNSPECIFIED,
          f"feed: a quality issue's quantity is an integer ({issue.quantity_affected if issue else '-'!r}) and its severity an enum "
          f"({quality.Severity.Name(issue.severity) if issue else '-'})")
    print("conformance: all checks passed", flush=True)


if __name__ == "__main__":
    main()
